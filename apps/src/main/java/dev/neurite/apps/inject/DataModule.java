package dev.neurite.apps.inject;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.neurite.apps.cli.TrainingData;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Binds {@link TrainingData} as the command line finds it: Fashion-MNIST from a directory, from the default places or
 * downloaded, else the built-in synthetic images.
 */
public final class DataModule extends AbstractModule {
    private final Path dir;
    private final boolean download;
    private final long seed;

    /** @param dir Fashion-MNIST's directory, or null to look in the default places */
    public DataModule(Path dir, boolean download, long seed) {
        this.dir = dir;
        this.download = download;
        this.seed = seed;
    }

    @Provides
    @Singleton
    TrainingData data() throws IOException {
        return TrainingData.resolve(dir, download, seed);
    }
}
