/**
 * The Neurite backend on ND4J 1.0.0-M2.1 nd4j-native, using the oneDNN builds of libnd4j.
 *
 * <ul>
 *   <li><b>Natives.</b> {@code CpuNatives} sets {@code org.bytedeco.javacpp.platform.extension} to
 *       {@code -onednn-avx512} or {@code -onednn-avx2} from /proc/cpuinfo (unless the user set it) before ND4J
 *       loads, then turns off ND4J's debug, verbose, profiling and periodic-GC behaviour.</li>
 *   <li><b>Memory.</b> Every handle holds a reference on a {@code Storage} (the root off-heap buffer); views from
 *       reshape, permute, slice and copy share it, and the buffer is freed when the last handle closes. Handles are
 *       values: {@code assign} and {@code applyInPlace} copy shared storage before writing (copy-on-write), so no
 *       write is ever visible through another handle.</li>
 *   <li><b>Errors.</b> Arguments are validated before any native call (including the cases that would crash
 *       libnd4j: integer division by zero, out-of-range gather/scatter indices); whatever ND4J still throws is
 *       rethrown as an {@link java.lang.IllegalStateException} naming the op.</li>
 *   <li><b>Random numbers.</b> Each call seeds a fresh native generator; libnd4j derives each element from the seed
 *       and the element's index, so a seed gives the same array on any thread and regardless of other calls.</li>
 *   <li><b>Speed.</b> matmul goes through libnd4j's {@code matmul} custom op (oneDNN), not {@code INDArray.mmul}
 *       (OpenBLAS); outputs are preallocated and written by one native call per primitive where possible.</li>
 * </ul>
 */
package dev.neurite.backend.cpu;
