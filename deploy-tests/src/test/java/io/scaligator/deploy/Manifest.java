package io.scaligator.deploy;

/** One document of a manifest file, read into its typed model. */
record Manifest(String source, String apiVersion, String kind, String namespace, String name, Object typed) {

    <T> T as(Class<T> type) {
        return type.cast(typed);
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name + " (" + source + ")";
    }
}
