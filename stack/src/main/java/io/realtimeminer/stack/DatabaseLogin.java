package io.realtimeminer.stack;

/**
 * The login of the application's database user: the sink, the migrations and users' queries use it.
 *
 * @param user     the role
 * @param password its password (empty for none)
 */
public record DatabaseLogin(String user, String password) {

    @Override
    public String toString() {
        return "DatabaseLogin[user=" + user + "]";
    }
}
