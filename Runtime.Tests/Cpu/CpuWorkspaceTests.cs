using Strata.Cpu;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

public class CpuWorkspaceTests
{
    [Fact]
    public void Buffers_grow_to_the_largest_request_and_are_then_reused()
    {
        var workspace = new CpuWorkspace();
        var first = workspace.Get(WorkspaceSlot.Columns, 100);

        Assert.Same(first, workspace.Get(WorkspaceSlot.Columns, 60));
        Assert.NotSame(first, workspace.Get(WorkspaceSlot.ColumnGradients, 60));
        Assert.True(workspace.Get(WorkspaceSlot.Columns, 200).Length >= 200);
    }

    [Fact]
    public unsafe void Pointers_start_on_a_cache_line_inside_their_buffer()
    {
        var workspace = new CpuWorkspace();
        foreach (var slot in Enum.GetValues<WorkspaceSlot>())
        {
            foreach (var length in new[] { 1, 7, 100, 30_000 })
            {
                var pointer = workspace.Pointer(slot, length);
                var buffer = workspace.Get(slot, 0);
                fixed (float* start = buffer)
                {
                    Assert.Equal(0, (nint)pointer % 64);
                    Assert.True(pointer >= start && pointer + length <= start + buffer.Length, $"{slot}: {length} floats past the buffer's end");
                }
            }
        }
    }

    [Fact]
    public void A_repeated_training_step_does_not_grow_the_workspace()
    {
        var device = Device.Cpu();
        var g = new ConvGeometry(2, 3, 9, 9, 4, 3, 3, 2, 1, 5, 5);
        var x = device.Allocate(2, 3, 9, 9);
        var w = device.Allocate(4, 3, 3, 3);
        var y = device.Allocate(2, 4, 5, 5);
        var workspace = new CpuWorkspace();
        void Step()
        {
            Conv2dCpu.Forward<ReluActivation>(g, x, w, null, y, workspace);
            Conv2dCpu.Backward<ReluActivation>(g, x, w, y, device.Allocate(2, 4, 5, 5), device.Allocate(2, 3, 9, 9), device.Allocate(4, 3, 3, 3), null, workspace);
        }

        Step();
        var afterWarmUp = workspace.CapacityInFloats;
        Step();

        Assert.True(afterWarmUp > 0);
        Assert.Equal(afterWarmUp, workspace.CapacityInFloats);
    }
}
