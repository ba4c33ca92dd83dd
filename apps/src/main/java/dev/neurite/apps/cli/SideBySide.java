package dev.neurite.apps.cli;

import dev.neurite.api.backend.Backend;
import dev.neurite.apps.bench.TorchPeer;
import dev.neurite.apps.bench.TrainingBench;

import java.util.Locale;

/** Prints a training benchmark's Neurite and PyTorch figures side by side. */
final class SideBySide {
    private SideBySide() {
    }

    static void print(String title, Backend backend, TrainingBench.Result neurite, TorchPeer.Result torch, int threads) {
        System.out.println(title);
        System.out.printf(Locale.ROOT, "%-52s %16s %12s%n", "", "train seq/s", "ms/step");
        row("Neurite " + backend.name() + " (" + backend.device() + ")", neurite.samplesPerSecond(), neurite.msPerStep());
        if (torch == null) {
            return;
        }
        if (!torch.available()) {
            System.out.println("PyTorch: not measured: " + torch.unavailable());
            return;
        }
        row(torch.peer() + " (" + threads + " threads)", torch.samplesPerSecond(), torch.msPerStep());
        System.out.printf(Locale.ROOT, "Neurite / PyTorch: train %.2fx%n", neurite.samplesPerSecond() / torch.samplesPerSecond());
    }

    private static void row(String name, double rate, double ms) {
        String label = name.length() > 52 ? name.substring(0, 49) + "..." : name;
        System.out.printf(Locale.ROOT, "%-52s %,16.1f %12.2f%n", label, rate, ms);
    }
}
