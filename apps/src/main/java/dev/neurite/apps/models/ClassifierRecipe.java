package dev.neurite.apps.models;

import dev.neurite.api.data.Compose;
import dev.neurite.api.data.RandomCrop;
import dev.neurite.api.data.RandomHorizontalFlip;
import dev.neurite.api.data.Transform;
import dev.neurite.api.nn.Layer;
import dev.neurite.api.train.Callback;
import dev.neurite.api.train.LearningRateScheduler;
import dev.neurite.api.train.Metric;
import dev.neurite.api.train.Trainer;
import dev.neurite.layers.loss.SparseCategoricalCrossEntropy;
import dev.neurite.layers.optim.Adam;
import dev.neurite.layers.schedule.CosineAnnealing;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How the command line trains image classifiers: Adam on sparse cross-entropy with accuracy, and a learning rate
 * that is either constant or annealed along a cosine to zero over the epochs (the default: it is worth about half a
 * point of test accuracy on Fashion-MNIST at no cost).
 */
public record ClassifierRecipe(int epochs, int batchSize, double learningRate, long seed, Schedule schedule, boolean augment) {
    /**
     * The augmentation {@code --augment} turns on: a random 28x28 crop of the image padded by 2 pixels, and a
     * horizontal flip with probability 1/2 (clothes are left-right symmetric; digits would not be).
     */
    public static Transform augmentation() {
        return new Compose(new RandomCrop(28, 2), new RandomHorizontalFlip());
    }

    /** Learning-rate schedules the command line offers. */
    public enum Schedule {
        CONSTANT, COSINE;

        public static Schedule parse(String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown schedule '" + name + "'; expected constant or cosine");
            }
        }
    }

    /** The trainer, with its optimizer reachable through {@link Trainer} callbacks and {@link #optimizer}. */
    public Trainer trainer(Layer model, Adam optimizer, Callback... extra) {
        List<Callback> callbacks = new ArrayList<>(List.of(extra));
        if (schedule == Schedule.COSINE) {
            callbacks.add(0, new LearningRateScheduler(new CosineAnnealing(epochs, 0)));
        }
        return Trainer.builder(model, new SparseCategoricalCrossEntropy(), optimizer).epochs(epochs).batchSize(batchSize)
                .seed(seed).metrics(Metric.accuracy()).callbacks(callbacks.toArray(new Callback[0]))
                .augment(augment ? augmentation() : null).build();
    }

    public Adam optimizer(Layer model) {
        return new Adam(model.parameters(), learningRate);
    }
}
