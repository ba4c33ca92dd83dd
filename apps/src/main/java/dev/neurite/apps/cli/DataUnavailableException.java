package dev.neurite.apps.cli;

/** The data a command needs is not on this machine and cannot be fetched. */
final class DataUnavailableException extends RuntimeException {
    DataUnavailableException(String message) {
        super(message);
    }
}
