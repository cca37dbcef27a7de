package io.realtimeminer.launcher;

import io.realtimeminer.control.ControlSettings;
import io.realtimeminer.control.PasswordHash;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/**
 * {@code miner api-password NAME}: reads a password (without echo on a terminal, else one line of
 * standard input) and prints the {@code api.users} entry that lets NAME into the HTTP API. Only
 * the hash is ever configured.
 */
@Command(name = "api-password", mixinStandardHelpOptions = true,
        description = "Print the " + ControlSettings.USERS + " entry (name:hash) for a login of the HTTP API; the password is read"
                + " from the terminal without echo, or from standard input.")
final class ApiPasswordCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The login's name.")
    String name;

    @Override
    public Integer call() throws IOException {
        if (name.isBlank() || name.contains(":") || name.contains(",")) {
            System.err.println("error: the name must not be empty nor contain ':' or ','");
            return 2;
        }
        char[] password = read();
        if (password == null || password.length == 0) {
            System.err.println("error: no password given");
            return 2;
        }
        System.out.println(name + ":" + PasswordHash.of(password));
        return 0;
    }

    private static char[] read() throws IOException {
        Console console = System.console();
        if (console != null) {
            return console.readPassword("Password for the HTTP API: ");
        }
        String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return line == null ? null : line.toCharArray();
    }
}
