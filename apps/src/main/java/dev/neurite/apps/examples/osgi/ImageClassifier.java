package dev.neurite.apps.examples.osgi;

import java.util.List;

/** The service the example bundle offers: a trained image classifier for 28x28 grayscale images. */
public interface ImageClassifier {
    /** The class name of one image: 784 pixel values in [0, 1], row by row. */
    String classify(float[] pixels);

    /** The class names, by label. */
    List<String> classes();

    /** The backend the classifier was trained on and runs on. */
    String backend();

    /** Accuracy on held-out images, measured after training. */
    double accuracy();
}
