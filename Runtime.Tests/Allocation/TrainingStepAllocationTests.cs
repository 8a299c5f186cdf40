using Strata.Samples;

namespace Strata.Runtime.Tests.Allocation;

/// <summary>
/// After warm-up, a training step (batch copy, Forward, loss, Backward, optimiser step) allocates nothing on any
/// thread: no closures for the parallel loops, no per-call tensors or arrays.
/// </summary>
[Collection(AllocationCollection.Name)]
public class TrainingStepAllocationTests
{
    [Fact]
    public void An_mlp_training_step_allocates_nothing_after_warm_up()
    {
        var model = new AllocationMlp(Device.Cpu(), seed: 1);
        Assert.Equal(0, StepAllocations.PerClassifierStep(model, batch: 32));
    }

    [Fact]
    public void A_pooling_and_dense_training_step_allocates_nothing_after_warm_up()
    {
        var model = new AllocationPoolNet(Device.Cpu(), seed: 1);
        Assert.Equal(0, StepAllocations.PerClassifierStep(model, batch: 16));
    }

    [Fact]
    public void An_lstm_sequence_training_step_allocates_nothing_after_warm_up()
    {
        var model = new AllocationLstm(Device.Cpu(), seed: 1);
        Assert.Equal(0, StepAllocations.PerSequenceStep(model, batch: 8, time: 12));
    }

    [Fact]
    public void A_bidirectional_gru_training_step_allocates_nothing_after_warm_up()
    {
        var model = new AllocationBiGru(Device.Cpu(), seed: 1);
        Assert.Equal(0, StepAllocations.PerSequenceStep(model, batch: 8, time: 12));
    }

    [Fact]
    public void A_transformer_encoder_training_step_allocates_nothing_after_warm_up()
    {
        var model = new AllocationEncoder(Device.Cpu(), seed: 1);
        Assert.Equal(0, StepAllocations.PerSequenceStep(model, batch: 4, time: 10));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(64)]
    public void A_lenet_training_step_allocates_nothing_after_warm_up(int batch)
    {
        var model = new LeNet(Device.Cpu(), seed: 1);
        Assert.Equal(0, StepAllocations.PerClassifierStep(model, batch));
    }

    [Fact]
    public void A_resnet18_training_step_allocates_nothing_after_warm_up()
    {
        // Residual adds, BatchNorm in training, strided 1×1 shortcuts and the global average pool.
        var model = new Strata.Zoo.ResNet18Cifar(Device.Cpu(), seed: 1);
        Assert.Equal(0, StepAllocations.PerClassifierStep(model, batch: 2, steps: 6));
    }
}
