/**
 * The Neurite {@code cuda} backend: ND4J 1.0.0-M2.1 nd4j-cuda-11.6 on NVIDIA GPUs. This module only decides whether
 * CUDA can run here and starts it; the ops are the device-independent {@code dev.neurite.backend.nd4j} code shared
 * with the CPU backend (ND4J's conv, pooling and batch-norm custom ops use cuDNN on CUDA where ND4J has it).
 *
 * <ul>
 *   <li><b>Availability.</b> {@code CudaProbe} checks, without loading native code: the platform, the driver
 *       ({@code libcuda.so.1}), a visible device, the natives jars on the class path, the CUDA 11 and cuDNN 8
 *       libraries. Then {@code CudaNatives} asks the CUDA runtime for device 0's compute capability, and only then
 *       loads ND4J. Each failure is a distinct reason saying what to install.</li>
 *   <li><b>One ND4J backend per process.</b> Whichever of {@code cpu} and {@code cuda} loads ND4J first owns it;
 *       the other then reports itself unavailable with that reason.</li>
 *   <li><b>Natives.</b> Not in the default build (about 640 MB): the {@code cuda-natives} Maven profile adds them.</li>
 * </ul>
 *
 * <p>Nothing of this package has run on a GPU yet: only the paths that end in "unavailable" are tested.
 */
package dev.neurite.backend.cuda;
