package io.realtimeminer.status;

/** The release this code belongs to, as its jar's manifest names it ("dev" when run from classes). */
public final class Release {

    private Release() {
    }

    public static String version() {
        String version = Release.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
