package dev.neurite.apps.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --data DIR} and {@code --download}: where commands that train find Fashion-MNIST, and whether to fetch it. */
final class DataSourceOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Directory with the Fashion-MNIST IDX files.")
    Path data;

    @Option(names = "--download", description = "Download Fashion-MNIST (checksums verified) if it is not found.")
    boolean download;
}
