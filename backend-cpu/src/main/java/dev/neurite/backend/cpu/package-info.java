/**
 * The Neurite {@code cpu} backend: ND4J 1.0.0-M2.1 nd4j-native with the oneDNN builds of libnd4j. This module only
 * chooses and loads the natives; the ops themselves are the device-independent {@code dev.neurite.backend.nd4j}
 * code shared with the CUDA backend.
 *
 * <ul>
 *   <li><b>Natives.</b> {@code CpuNatives} sets {@code org.bytedeco.javacpp.platform.extension} to
 *       {@code -onednn-avx512} or {@code -onednn-avx2} from /proc/cpuinfo (unless the user set it) before ND4J
 *       loads, then turns off ND4J's debug, verbose, profiling and periodic-GC behaviour.</li>
 *   <li><b>Backend.</b> Once the natives load, the provider creates a {@code Nd4jBackend} named {@code cpu}.</li>
 * </ul>
 */
package dev.neurite.backend.cpu;
