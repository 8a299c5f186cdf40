using Strata.IO;
using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;
using static Strata.Runtime.Tests.IO.SafeTensorsBytes;

namespace Strata.Runtime.Tests.IO;

/// <summary>
/// BatchNorm's buffers in the state_dict view: saved beside the parameters under PyTorch's names, running_mean and
/// running_var as F32 and num_batches_tracked as an I64 scalar, and loaded back, strictly or not.
/// </summary>
public sealed class BatchNormStateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strata-bnstate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Buffers_are_saved_as_PyTorch_names_and_dtypes_and_load_back_bit_for_bit()
    {
        var device = Device.Cpu();
        var trained = new BatchNormReluPoolNet(device, seed: 1);
        var random = new Random(5);
        for (var step = 0; step < 3; step++)
        {
            trained.Forward(device.FromArray(RandomData.Uniform(random, 2 * 60, -1f, 3f), 2, 4, 3, 5));
        }

        var path = Path.Combine(_directory, "bn.safetensors");
        ModelState.Save(trained, path);
        var parsed = Parse(System.IO.File.ReadAllBytes(path));

        Assert.Equal(["Bn.bias", "Bn.num_batches_tracked", "Bn.running_mean", "Bn.running_var", "Bn.weight"], parsed.Tensors.Select(t => t.Name).Order(StringComparer.Ordinal));
        var counter = parsed.Tensors.Single(t => t.Name == "Bn.num_batches_tracked");
        Assert.Equal("I64", counter.DType);
        Assert.Empty(counter.Shape);
        Assert.Equal(BitConverter.GetBytes(3L), counter.Data);
        var mean = parsed.Tensors.Single(t => t.Name == "Bn.running_mean");
        Assert.Equal("F32", mean.DType);
        Assert.Equal(Singles(trained.Bn.Running.Mean.Value.ToArray()), mean.Data);

        var fresh = new BatchNormReluPoolNet(device, seed: 2);
        var result = ModelState.Load(fresh, path);

        Assert.True(result.IsExactMatch, result.ToString());
        Assert.Equal(["Bn.weight", "Bn.bias", "Bn.running_mean", "Bn.running_var", "Bn.num_batches_tracked"], result.Loaded);
        Assert.Equal(3, fresh.Bn.Running.BatchesTracked.Int64Values[0]);
        Assert.Equal(Bits(trained.Bn.Running.Variance.Value.ToArray()), Bits(fresh.Bn.Running.Variance.Value.ToArray()));
        trained.Eval();
        fresh.Eval();
        var x = device.FromArray(RandomData.Uniform(random, 2 * 60), 2, 4, 3, 5);
        Assert.Equal(Bits(trained.Forward(x).ToArray()), Bits(fresh.Forward(x).ToArray()));
    }

    [Fact]
    public void A_checkpoint_of_a_batchnorm_model_keeps_its_running_statistics_and_restores_them()
    {
        var device = Device.Cpu();
        var trained = new BatchNormReluPoolNet(device, seed: 1);
        var random = new Random(6);
        for (var step = 0; step < 2; step++)
        {
            trained.Forward(device.FromArray(RandomData.Uniform(random, 2 * 60, -1f, 3f), 2, 4, 3, 5));
        }

        var path = Path.Combine(_directory, "bn.ckpt");
        Checkpoint.Save(path, trained, optimizer: null, epoch: 1, step: 2);
        var fresh = new BatchNormReluPoolNet(device, seed: 2);
        Checkpoint.Read(path).Restore(fresh, optimizer: null);

        Assert.Equal(2, fresh.Bn.Running.BatchesTracked.Int64Values[0]);
        Assert.Equal(Bits(trained.Bn.Running.Mean.Value.ToArray()), Bits(fresh.Bn.Running.Mean.Value.ToArray()));
        Assert.Equal(Bits(trained.Bn.Running.Variance.Value.ToArray()), Bits(fresh.Bn.Running.Variance.Value.ToArray()));
        trained.Eval();
        fresh.Eval();
        var x = device.FromArray(RandomData.Uniform(random, 2 * 60), 2, 4, 3, 5);
        Assert.Equal(Bits(trained.Forward(x).ToArray()), Bits(fresh.Forward(x).ToArray()));
    }

    [Fact]
    public void A_strict_load_of_parameters_alone_names_the_missing_buffers_and_a_float_counter_is_a_mismatch()
    {
        var model = new BatchNorm1dNet(Device.Cpu(), seed: 1);
        var full = ModelState.ToSafeTensors(model);
        var parametersOnly = new SafeTensorsFile(full.Tensors.Where(t => !t.Key.Contains("running", StringComparison.Ordinal) && !t.Key.Contains("num_batches", StringComparison.Ordinal)));

        var error = Assert.Throws<InvalidDataException>(() => ModelState.Load(model, parametersOnly));
        Assert.Contains("Bn.running_mean", error.Message, StringComparison.Ordinal);
        Assert.Contains("Bn.num_batches_tracked", error.Message, StringComparison.Ordinal);

        var floatCounter = new SafeTensorsFile(full.Tensors.Select(t => t.Key == "Bn.num_batches_tracked"
            ? KeyValuePair.Create(t.Key, SafeTensor.FromSingles([7f]))
            : t));
        var result = ModelState.Load(model, floatCounter, strict: false);
        Assert.Equal("Bn.num_batches_tracked", Assert.Single(result.Mismatched).Name);
        Assert.Equal(0, model.Bn.Running.BatchesTracked.Int64Values[0]);
    }

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
