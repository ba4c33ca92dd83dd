package dev.neurite.apps.examples;

import dev.neurite.apps.models.RegistryClassifier;

import java.util.Locale;

/**
 * Trains {@link RegistryClassifier} and prints each epoch's loss with every digit, so that runs on the class path, on
 * the module path and inside Felix can be compared: {@code TrainRegistryClassifier [EPOCHS [SAMPLES [SEED]]]}.
 */
public final class TrainRegistryClassifier {
    private TrainRegistryClassifier() {
    }

    public static void main(String[] args) {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        int samples = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 42;
        RegistryClassifier.Result r = RegistryClassifier.train(epochs, samples, seed);
        System.out.println("backend " + r.backend());
        for (int i = 0; i < r.epochLosses().length; i++) {
            System.out.printf(Locale.ROOT, "loss %d %.17g%n", i + 1, r.epochLosses()[i]);
        }
        System.out.printf(Locale.ROOT, "accuracy %.17g%n", r.accuracy());
    }
}
