namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// One <see cref="Device.IlgpuCpu"/> shared by the tests of a class, so its context is created and each kernel
/// loaded once per class rather than once per case.
/// </summary>
public sealed class IlgpuCpuFixture : IDisposable
{
    public Device Device { get; } = Device.IlgpuCpu();

    public void Dispose() => Device.Dispose();
}
