using Strata.IO;
using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;
using Strata.Samples;
using static Strata.Runtime.Tests.IO.SafeTensorsBytes;

namespace Strata.Runtime.Tests.IO;

public sealed class ModelStateTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strata-modelstate-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    public static TheoryData<string> RoundTripModels => TestModels.Names([typeof(LeNet), typeof(StackedBiLstmNet), typeof(TinyNet)]);

    [Theory]
    [MemberData(nameof(RoundTripModels))]
    public void A_fresh_model_with_another_seed_gives_bit_identical_outputs_after_loading(string modelType)
    {
        var type = TestModels.Named(modelType);
        var saved = TestModels.Create(type, Device.Cpu(), seed: 1);
        var fresh = TestModels.Create(type, Device.Cpu(), seed: 2);
        saved.Eval();
        fresh.Eval();
        var input = Input(saved);
        var expected = saved.Forward(input).ToArray();
        Assert.NotEqual(expected, fresh.Forward(input).ToArray());
        var path = Path.Combine(_directory, "model.safetensors");

        ModelState.Save(saved, path);
        var result = ModelState.Load(fresh, path);

        Assert.True(result.IsExactMatch, result.ToString());
        Assert.Equal(saved.Parameters.Select(p => p.Name), result.Loaded);
        Assert.Equal(Bits(expected), Bits(fresh.Forward(input).ToArray()));
        for (var i = 0; i < saved.Parameters.Count; i++)
        {
            Assert.Equal(Bits(saved.Parameters[i].Value.ToArray()), Bits(fresh.Parameters[i].Value.ToArray()));
        }
    }

    [Fact]
    public void The_file_holds_every_parameter_as_F32_under_its_state_dict_name()
    {
        var model = new StackedBiLstmNet(Device.Cpu(), seed: 3);
        var path = Path.Combine(_directory, "lstm.safetensors");

        ModelState.Save(model, path, new Dictionary<string, string> { ["epoch"] = "12" });
        var parsed = Parse(System.IO.File.ReadAllBytes(path));

        Assert.Equal(model.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal), parsed.Tensors.Select(t => t.Name));
        Assert.Contains(parsed.Tensors, t => t.Name == "Encoder.weight_ih_l1_reverse");
        Assert.Equal(new Dictionary<string, string> { ["epoch"] = "12" }, parsed.Metadata);
        foreach (var parameter in model.Parameters)
        {
            var tensor = parsed.Tensors.Single(t => t.Name == parameter.Name);
            Assert.Equal("F32", tensor.DType);
            Assert.Equal(parameter.Shape.Select(d => (long)d), tensor.Shape);
            Assert.Equal(Singles(parameter.Value.ToArray()), tensor.Data);
        }
    }

    [Fact]
    public void A_strict_load_names_every_missing_unexpected_and_misshaped_tensor_and_loads_nothing()
    {
        var model = new LeNet(Device.Cpu(), seed: 1);
        var before = Snapshot(model);
        var path = Mismatched(model);

        var thrown = Assert.Throws<InvalidDataException>(() => ModelState.Load(model, path));

        Assert.Contains($"'{path}' does not match LeNet, so nothing was loaded (6 problem(s))", thrown.Message);
        Assert.Contains("missing from the file (2): C1.bias, F6.bias", thrown.Message);
        Assert.Contains("not in the model (2): C1.running_mean, extra.weight", thrown.Message);
        Assert.Contains("F5.weight: the model has [120, 400], the file F32 [400, 120]", thrown.Message);
        Assert.Contains("Out.bias: the model has [10], the file I64 [10] (not a float type)", thrown.Message);
        Assert.Equal(before, Snapshot(model));
    }

    [Fact]
    public void A_non_strict_load_loads_what_fits_and_returns_the_rest()
    {
        var source = new LeNet(Device.Cpu(), seed: 7);
        var model = new LeNet(Device.Cpu(), seed: 1);
        var before = Snapshot(model);
        var path = Mismatched(source);

        var result = ModelState.Load(model, path, strict: false);

        Assert.False(result.IsExactMatch);
        Assert.Equal(["C1.bias", "F6.bias"], result.Missing);
        Assert.Equal(["C1.running_mean", "extra.weight"], result.Unexpected);   // in the file's order
        Assert.Equal(["F5.weight", "Out.bias"], result.Mismatched.Select(m => m.Name));
        Assert.Equal([400L, 120L], result.Mismatched[0].FileShape);
        Assert.Equal([120, 400], result.Mismatched[0].ModelShape);
        Assert.Equal(SafeTensorsDType.I64, result.Mismatched[1].FileDType);
        Assert.Equal(["C1.weight", "C3.weight", "C3.bias", "F5.bias", "F6.weight", "Out.weight"], result.Loaded);
        var after = Snapshot(model);
        foreach (var parameter in model.Parameters)
        {
            var expected = result.Loaded.Contains(parameter.Name)
                ? Bits(source.Parameters.Single(p => p.Name == parameter.Name).Value.ToArray())
                : before[parameter.Name];
            Assert.Equal(expected, after[parameter.Name]);
        }
    }

    [Fact]
    public void F16_and_BF16_weights_load_converted_to_float32()
    {
        var source = new TinyNet(Device.Cpu(), seed: 4);
        var model = new TinyNet(Device.Cpu(), seed: 5);
        var path = Path.Combine(_directory, "half.safetensors");
        // Even parameters as bfloat16 (the upper half of each float), odd ones as IEEE half.
        var tensors = source.Parameters.Select((p, i) =>
        {
            var values = p.Value.ToArray();
            var shape = p.Shape.Select(d => (long)d).ToArray();
            return KeyValuePair.Create(p.Name, i % 2 == 0
                ? new SafeTensor(SafeTensorsDType.BF16, shape, Words([.. values.Select(v => (ushort)(BitConverter.SingleToInt32Bits(v) >>> 16))]))
                : new SafeTensor(SafeTensorsDType.F16, shape, Words([.. values.Select(v => BitConverter.HalfToUInt16Bits((Half)v))])));
        });
        new SafeTensorsFile(tensors).Write(path);

        ModelState.Load(model, path);

        for (var i = 0; i < model.Parameters.Count; i++)
        {
            var values = source.Parameters[i].Value.ToArray();
            var expected = i % 2 == 0
                ? values.Select(v => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(v) & unchecked((int)0xFFFF0000)))
                : values.Select(v => (float)(Half)v);
            Assert.Equal(expected, model.Parameters[i].Value.ToArray());
        }
    }

    [Fact]
    public void Parameters_move_between_the_cpu_and_the_ilgpu_device_bit_for_bit()
    {
        using var ilgpu = Device.IlgpuCpu();
        var onGpu = new TinyNet(ilgpu, seed: 8);
        var onCpu = new TinyNet(Device.Cpu(), seed: 9);
        var path = Path.Combine(_directory, "gpu.safetensors");

        ModelState.Save(onGpu, path);
        ModelState.Load(onCpu, path);
        var back = new TinyNet(ilgpu, seed: 10);
        ModelState.Load(back, SafeTensorsFile.FromBytes(ModelState.ToSafeTensors(onCpu).ToBytes()));

        for (var i = 0; i < onGpu.Parameters.Count; i++)
        {
            Assert.Equal(Bits(onGpu.Parameters[i].Value.ToArray()), Bits(onCpu.Parameters[i].Value.ToArray()));
            Assert.Equal(Bits(onGpu.Parameters[i].Value.ToArray()), Bits(back.Parameters[i].Value.ToArray()));
        }
    }

    [Fact]
    public void Loading_leaves_gradients_alone()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);
        foreach (var parameter in model.Parameters)
        {
            parameter.Grad.CopyFrom(Enumerable.Repeat(0.25f, parameter.Grad.Length).ToArray());
        }

        var path = Path.Combine(_directory, "tiny.safetensors");
        ModelState.Save(new TinyNet(Device.Cpu(), seed: 2), path);

        ModelState.Load(model, path);

        Assert.All(model.Parameters, p => Assert.All(p.Grad.ToArray(), g => Assert.Equal(0.25f, g)));
    }

    [Fact]
    public void Saving_over_an_older_file_replaces_it_and_leaves_no_temporary_file()
    {
        var path = Path.Combine(_directory, "nested", "weights.safetensors");
        ModelState.Save(new TinyNet(Device.Cpu(), seed: 1), path);
        var second = new TinyNet(Device.Cpu(), seed: 2);

        ModelState.Save(second, path);

        Assert.Equal(ModelState.ToSafeTensors(second).ToBytes(), System.IO.File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void Damaged_files_leave_the_model_untouched_strict_or_not()
    {
        var model = new StackedBiLstmNet(Device.Cpu(), seed: 1);
        var valid = ModelState.ToSafeTensors(new StackedBiLstmNet(Device.Cpu(), seed: 2)).ToBytes();
        var path = Path.Combine(_directory, "mutant.safetensors");
        var random = new Random(31);
        var rejected = 0;

        for (var i = 0; i < 300; i++)
        {
            var (bytes, what) = SafeTensorsMutations.Mutate(valid, random);
            System.IO.File.WriteAllBytes(path, bytes);
            var before = Snapshot(model);
            var strict = random.Next(2) == 0;
            try
            {
                ModelState.Load(model, path, strict);
            }
            catch (InvalidDataException)
            {
                rejected++;
                var after = Snapshot(model);
                Assert.True(before.All(p => after[p.Key].SequenceEqual(p.Value)), $"Mutant {i} ({what}) was rejected but changed the model.");
            }
        }

        Assert.InRange(rejected, 200, 300);
    }

    // A file made from the model's parameters with two removed, one transposed, one retyped and two strangers added.
    private string Mismatched(IModel model)
    {
        var tensors = ModelState.ToSafeTensors(model).Tensors
            .Where(t => t.Key is not ("C1.bias" or "F6.bias"))
            .Select(t => t.Key switch
            {
                "F5.weight" => KeyValuePair.Create(t.Key, SafeTensor.FromSingles(t.Value.ToSingles(), 400, 120)),
                "Out.bias" => KeyValuePair.Create(t.Key, SafeTensor.FromInt64s(new long[10], 10)),
                _ => t,
            })
            .Append(KeyValuePair.Create("extra.weight", SafeTensor.FromSingles([1f], 1)))
            .Append(KeyValuePair.Create("C1.running_mean", SafeTensor.FromSingles(new float[6], 6)));
        var path = Path.Combine(_directory, "mismatched.safetensors");
        new SafeTensorsFile(tensors).Write(path);
        return path;
    }

    private static Tensor Input(IModel model)
    {
        int[] shape = model is ISequenceModel ? [2, 5, .. model.InputShape.Skip(1)] : [2, .. model.InputShape];
        var count = shape.Aggregate(1, (a, d) => a * d);
        return Device.Cpu().FromArray(RandomData.Uniform(new Random(11), count), shape);
    }

    private static Dictionary<string, int[]> Snapshot(IModel model) =>
        model.Parameters.ToDictionary(p => p.Name, p => Bits(p.Value.ToArray()));

    private static int[] Bits(float[] values) => [.. values.Select(BitConverter.SingleToInt32Bits)];
}
