using CudaImages.Model;

namespace CudaImages.Smoke;

/// <summary>
/// The image's framework imports, matches the image's CUDA line and computes correctly on the GPU against the CPU.
/// Without a GPU the scripts end in CUDA's own no-device messages, which the verdict turns into not run.
/// </summary>
public sealed class FrameworkCheck : ISmokeCheck
{
    public SmokeCheckDescriptor Descriptor { get; } = new("framework", NeedsGpu: true);

    string Name => Descriptor.Name;

    // PyCUDA links libcuda.so.1, so on a host without a driver the import itself fails with the loader's message.
    const string PyCuda = """
        import numpy as np
        import pycuda
        import pycuda.driver as drv
        drv.init()
        print("pycuda", pycuda.VERSION_TEXT, "devices:", drv.Device.count())
        context = drv.Device(0).make_context()
        try:
            from pycuda.compiler import SourceModule
            twice = SourceModule("__global__ void twice(float *a) { a[threadIdx.x] *= 2.0f; }").get_function("twice")
            a = np.arange(256, dtype=np.float32)
            out = a.copy()
            twice(drv.InOut(out), block=(256, 1, 1), grid=(1, 1))
            if not np.allclose(out, a * 2):
                raise SystemExit("pycuda: the kernel's result differs from numpy's")
            print("kernel: passed")
        finally:
            context.pop()
        """;

    const string PyTorch = """
        import os, sys, torch
        line = os.environ["CUDA_LINE"]
        print("torch", torch.__version__, "cuda", torch.version.cuda)
        if torch.version.cuda != line:
            sys.exit(f"torch.version.cuda is {torch.version.cuda}, the image's CUDA line is {line}")
        if not torch.cuda.is_available():
            print("no CUDA-capable device: torch.cuda.is_available() is False")
            sys.exit(3)
        a, b = torch.randn(256, 256), torch.randn(256, 256)
        if not torch.allclose((a.cuda() @ b.cuda()).cpu(), a @ b, rtol=1e-3, atol=1e-3):
            sys.exit("torch: a matmul on the GPU differs from the CPU's")
        print("matmul: passed on", torch.cuda.get_device_name(0))
        """;

    public async Task<SmokeResult> RunAsync(SmokeContext context, CancellationToken cancellationToken)
    {
        var script = context.Image.Framework switch
        {
            "PyCUDA" => PyCuda,
            "PyTorch" => PyTorch,
            _ => null,
        };
        if (script is null)
            return context.Failed(Name, $"no framework smoke test for '{context.Image.Framework}' (known: PyCUDA, PyTorch); add one in {nameof(FrameworkCheck)}", null, 0);
        var (run, seconds) = await context.RunAsync("exec python3 -c \"$SCRIPT\"", cancellationToken, gpu: true,
            environment: new Dictionary<string, string> { ["SCRIPT"] = script, ["CUDA_LINE"] = context.CudaLine });
        return context.Judged(Name, run, seconds);
    }
}
