package dev.neurite.api.train;

/** The loss became NaN or infinite; the message says when and what to try. */
public class TrainingDivergedException extends IllegalStateException {
    public TrainingDivergedException(String message) {
        super(message);
    }
}
