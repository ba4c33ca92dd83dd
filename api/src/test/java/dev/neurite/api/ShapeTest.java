package dev.neurite.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShapeTest {
    @Test
    void broadcastFollowsNumpy() {
        assertEquals(Shape.of(2, 3), Shape.broadcast("add", Shape.of(2, 3), Shape.of(3)));
        assertEquals(Shape.of(2, 3), Shape.broadcast("add", Shape.of(2, 1), Shape.of(1, 3)));
        assertEquals(Shape.of(4, 2, 3), Shape.broadcast("add", Shape.of(4, 1, 3), Shape.of(2, 1)));
        assertEquals(Shape.of(5), Shape.broadcast("add", Shape.scalar(), Shape.of(5)));
    }

    @Test
    void broadcastMismatchNamesOpAndShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Shape.broadcast("mul", Shape.of(2, 3), Shape.of(4)));
        assertTrue(e.getMessage().contains("mul") && e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4]"),
                e.getMessage());
    }

    @Test
    void reshapeInfersOneDimension() {
        assertEquals(Shape.of(6, 4), Shape.of(2, 3, 4).resolveReshape(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).resolveReshape(-1, 4));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(2, 3).resolveReshape(-1, -1));
    }

    @Test
    void negativeAxesCountFromTheEnd() {
        Shape s = Shape.of(2, 3, 4);
        assertEquals(4, s.size(-1));
        assertEquals(0, s.axis(-3));
        assertThrows(IllegalArgumentException.class, () -> s.axis(3));
        assertThrows(IllegalArgumentException.class, () -> Shape.of(-1));
    }

    @Test
    void promotionFollowsPyTorch() {
        assertEquals(DType.FLOAT32, DType.promote(DType.INT64, DType.FLOAT32));
        assertEquals(DType.FLOAT64, DType.promote(DType.FLOAT32, DType.FLOAT64));
        assertEquals(DType.INT64, DType.promote(DType.BOOL, DType.INT64));
    }
}
