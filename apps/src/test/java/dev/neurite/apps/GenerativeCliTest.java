package dev.neurite.apps;

import dev.neurite.api.io.Checkpoint;
import dev.neurite.apps.CliRun.Result;
import dev.neurite.apps.cli.ExitCodes;
import dev.neurite.generative.autoencoder.Autoencoder;
import dev.neurite.generative.diffusion.Ddpm;
import dev.neurite.generative.gan.Gan;
import dev.neurite.generative.vae.Vae;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import static dev.neurite.apps.CliRun.neurite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code neurite train autoencoder|vae|gan|diffusion} at a few steps: they report, save the model and draw the grid. */
class GenerativeCliTest {
    private static final String[] TINY = {"--epochs", "1", "--steps", "2", "--batch-size", "8", "--limit", "32", "--grid-size", "4"};

    private static Result train(Path dir, String model, String... extra) {
        String[] args = new String[3 + TINY.length + extra.length + 2];
        args[0] = "train";
        args[1] = model;
        args[2] = "--out=" + dir.resolve(model);
        System.arraycopy(TINY, 0, args, 3, TINY.length);
        System.arraycopy(extra, 0, args, 3 + TINY.length, extra.length);
        args[args.length - 2] = "--grid";
        args[args.length - 1] = dir.resolve(model + ".png").toString();
        return neurite(args);
    }

    /** A grid of {@code rows x 4} cells of 28x28 pixels at scale 2, with one-pixel gaps. */
    private static void assertGrid(Path png, int rows) throws IOException {
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(4 * 57 + 1, image.getWidth());
        assertEquals(rows * 57 + 1, image.getHeight());
    }

    @Test
    void autoencoderReconstructsAndSaves(@TempDir Path dir) throws IOException {
        Result r = train(dir, "autoencoder", "--noise", "masking:0.3");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("epoch 1: binary cross-entropy") && r.out().contains("test: reconstruction MSE"), r.toString());
        assertInstanceOf(Autoencoder.class, Checkpoint.load(dir.resolve("autoencoder")).model());
        assertGrid(dir.resolve("autoencoder.png"), 3);
        Result bad = train(dir, "autoencoder", "--noise", "salt:1");
        assertEquals(ExitCodes.FAILURE, bad.exitCode(), bad.toString());
        assertTrue(bad.err().contains("expected none, gaussian:STD or masking:P"), bad.toString());
    }

    @Test
    void vaeSamplesAndSaves(@TempDir Path dir) throws IOException {
        Result r = train(dir, "vae", "--hidden", "32", "--latent", "2");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("untrained: -ELBO") && r.out().contains("epoch 1: test -ELBO"), r.toString());
        Checkpoint.Loaded saved = Checkpoint.load(dir.resolve("vae"));
        assertInstanceOf(Vae.class, saved.model());
        assertEquals("vae", saved.training().get("task"));
        assertGrid(dir.resolve("vae.png"), 4);
    }

    @Test
    void ganTrainsBothArchitectures(@TempDir Path dir) throws IOException {
        for (String arch : new String[]{"mlp", "dcgan"}) {
            Result r = train(dir, "gan", "--arch", arch, "--width", "4", "--latent", "8");
            assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
            assertTrue(r.out().contains("epoch 1: J_D "), r.toString());
            assertInstanceOf(Gan.class, Checkpoint.load(dir.resolve("gan")).model());
            assertGrid(dir.resolve("gan.png"), 4);
        }
    }

    @Test
    void diffusionSamplesAndSaves(@TempDir Path dir) throws IOException {
        Result r = train(dir, "diffusion", "--timesteps", "20", "--width", "4", "--sample-steps", "3");
        assertEquals(ExitCodes.OK, r.exitCode(), r.toString());
        assertTrue(r.out().contains("epoch 1: noise-prediction MSE") && r.out().contains("DDIM, 3 steps"), r.toString());
        Ddpm ddpm = assertInstanceOf(Ddpm.class, Checkpoint.load(dir.resolve("diffusion")).model());
        assertEquals(20, ddpm.schedule().steps());
        assertGrid(dir.resolve("diffusion.png"), 4);
    }
}
