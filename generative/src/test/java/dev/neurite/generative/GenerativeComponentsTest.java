package dev.neurite.generative;

import dev.neurite.api.Generator;
import dev.neurite.api.Shape;
import dev.neurite.api.Tensor;
import dev.neurite.api.io.Checkpoint;
import dev.neurite.api.nn.Registry;
import dev.neurite.generative.diffusion.Ddpm;
import dev.neurite.generative.diffusion.MlpDenoiser;
import dev.neurite.generative.diffusion.NoiseSchedule;
import dev.neurite.generative.gan.Gan;
import dev.neurite.generative.vae.Vae;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The module's registrations, checkpoints of its models, Unflatten and the PNG grid. */
class GenerativeComponentsTest {

    @Test
    void everyTypeIsRegisteredUnderThisModule() {
        Map<String, String> layers = Registry.global().types(Registry.Kind.LAYER);
        for (String type : List.of("unflatten", "autoencoder", "vae", "gan", "mlp_denoiser", "unet_denoiser", "ddpm")) {
            assertEquals(GenerativeComponents.MODULE, layers.get(type), type);
        }
    }

    @Test
    void modelsSurviveACheckpoint(@TempDir Path dir) throws IOException {
        Vae vae = new Vae(6, new long[]{4}, 2, 1);
        Gan gan = Gan.mlp(3, new long[]{5}, 2, false, 2);
        Ddpm ddpm = new Ddpm(NoiseSchedule.linear(10, 0.01, 0.2), new MlpDenoiser(2, 8, 3));
        // perturb the weights, so the loaded ones are the saved ones and not a rebuild from the seed
        for (var model : List.of(vae, gan, ddpm)) {
            model.parameters().values().forEach(p -> {
                try (var g = dev.neurite.api.autograd.GradMode.noGrad()) {
                    p.addInPlace(Tensor.ones(p.shape().toArray()).mul(0.01));
                }
            });
        }
        Tensor x = Tensor.rand(Shape.of(3, 6), 4);
        Checkpoint.save(dir.resolve("vae"), vae, null, null, Map.of());
        assertArrayEquals(vae.forward(x).toFloatArray(), Checkpoint.load(dir.resolve("vae")).model().forward(x).toFloatArray());
        Tensor z = gan.noise(3, new Generator(5));
        Checkpoint.save(dir.resolve("gan"), gan, null, null, Map.of());
        assertArrayEquals(gan.forward(z).toFloatArray(), Checkpoint.load(dir.resolve("gan")).model().forward(z).toFloatArray());
        Checkpoint.save(dir.resolve("ddpm"), ddpm, null, null, Map.of());
        Ddpm loaded = (Ddpm) Checkpoint.load(dir.resolve("ddpm")).model();
        Tensor xT = Tensor.randn(Shape.of(3, 2), 6);
        assertArrayEquals(ddpm.sampleDdim(xT, 4).toFloatArray(), loaded.sampleDdim(xT, 4).toFloatArray());
    }

    @Test
    void unflattenLaysOutFeatureMaps() {
        Tensor x = Tensor.arange(0, 12, 1, dev.neurite.api.DType.FLOAT32).reshape(1, 12);
        Tensor y = new Unflatten(3, 2, 2).forward(x);
        assertEquals(Shape.of(1, 3, 2, 2), y.shape());
        assertEquals(5, y.getDouble(0, 1, 0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Unflatten(5).forward(x));
        assertTrue(e.getMessage().contains("expected input [N, 5]") && e.getMessage().contains("got shape [1, 12]"), e.getMessage());
    }

    @Test
    void gridPlacesEachImageInItsCell() {
        // two 2x2 images: the first black, the second white; 2 columns, scale 3, one-pixel gray gaps
        Tensor images = Tensor.of(new float[]{0, 0, 0, 0, 1, 1, 1, 1}, 2, 1, 2, 2);
        BufferedImage png = ImageGrid.render(images, 2, 3);
        assertEquals(2 * (2 * 3 + 1) + 1, png.getWidth());
        assertEquals(2 * 3 + 2, png.getHeight());
        assertEquals(0x808080, png.getRGB(0, 0) & 0xffffff);
        assertEquals(0x000000, png.getRGB(1, 1) & 0xffffff);
        assertEquals(0xffffff, png.getRGB(2 * 3 + 2, 1) & 0xffffff);
        assertThrows(IllegalArgumentException.class, () -> ImageGrid.render(Tensor.zeros(2, 3, 4, 4), 2, 1));
    }
}
