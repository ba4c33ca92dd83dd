package dev.neurite.apps.cli;

import picocli.CommandLine.Option;

/** The options every side-by-side bench shares for its PyTorch peer. */
final class PeerOptions {
    @Option(names = "--threads", defaultValue = "2", description = "PyTorch threads (default: ${DEFAULT-VALUE}); Neurite uses OMP_NUM_THREADS or all cores.")
    int threads;

    @Option(names = "--no-peer", description = "Skip PyTorch.")
    boolean noPeer;
}
