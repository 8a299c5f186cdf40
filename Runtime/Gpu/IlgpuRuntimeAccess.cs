using System.Runtime.CompilerServices;

// ILGPU's CPU accelerator emits the kernel launcher into a dynamic assembly named ILGPURuntime; it must see the
// internal structs passed to kernels (e.g. AdamCoefficients).
[assembly: InternalsVisibleTo("ILGPURuntime")]
