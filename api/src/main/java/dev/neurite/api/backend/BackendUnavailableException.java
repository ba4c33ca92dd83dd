package dev.neurite.api.backend;

/** No usable backend, or the one asked for cannot run here; the message says what was found and why. */
public class BackendUnavailableException extends IllegalStateException {
    public BackendUnavailableException(String message) {
        super(message);
    }
}
