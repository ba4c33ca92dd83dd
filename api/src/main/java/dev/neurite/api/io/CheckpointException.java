package dev.neurite.api.io;

import java.io.IOException;

/**
 * A checkpoint or safetensors file that cannot be used: missing, truncated, corrupt, or not matching the model it
 * is loaded into. The message names the file and what is wrong. It is an {@link IOException} so that one
 * {@code catch} handles both this and failures of the file system itself.
 */
public final class CheckpointException extends IOException {
    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
