using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// Stacked unidirectional recurrent layers in inference (<see cref="LstmCpu.ForwardStack"/> and its GRU and RNN twins):
/// every layer's output equals, bit for bit, what <see cref="LstmCpu.Forward"/> gives layer by layer (checked against
/// ONNX Runtime and finite differences elsewhere), whether the stack runs pipelined across the cores (a whole number
/// of layers per core) or not, with ragged sizes (batch and units that fill no micro-kernel tile) and variable lengths.
/// </summary>
public class RecurrentStackTests
{
    public static TheoryData<string, int, bool> Cases()
    {
        var data = new TheoryData<string, int, bool>();
        foreach (var cell in new[] { "lstm", "gru", "rnn" })
        {
            foreach (var layers in new[] { 2, 3, 4 })
            {
                data.Add(cell, layers, false);
                data.Add(cell, layers, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_stack_gives_the_outputs_of_its_layers_run_one_by_one(string cell, int layers, bool withLengths)
    {
        const int batch = 11, steps = 6, input = 5, hidden = 37;
        var device = Device.Cpu();
        var random = new Random(20261204 + layers);
        var gates = cell switch { "lstm" => 4, "gru" => 3, _ => 1 };
        var weights = Enumerable.Range(0, layers).Select(l => new RecurrentWeights(
            device.FromArray(RandomData.Uniform(random, gates * hidden * (l == 0 ? input : hidden), -0.5f, 0.5f), gates * hidden, l == 0 ? input : hidden),
            device.FromArray(RandomData.Uniform(random, gates * hidden * hidden, -0.5f, 0.5f), gates * hidden, hidden),
            device.FromArray(RandomData.Uniform(random, gates * hidden, -0.5f, 0.5f), gates * hidden),
            device.FromArray(RandomData.Uniform(random, gates * hidden, -0.5f, 0.5f), gates * hidden))).ToArray();
        var x = device.FromArray(RandomData.Uniform(random, batch * steps * input, -2f, 2f), batch, steps, input);
        var options = new RecurrentOptions { Lengths = withLengths ? Enumerable.Range(0, batch).Select(i => 1 + (i * 5 % steps)).ToArray() : null };
        var workspace = new CpuWorkspace();
        var geometry = new RecurrentGeometry(batch, steps, input, hidden);

        var expected = new Tensor[layers];
        var layerInput = x;
        for (var l = 0; l < layers; l++)
        {
            expected[l] = device.Allocate(batch, steps, hidden);
            var layer = l == 0 ? geometry : geometry with { InputSize = hidden };
            Forward(layer, layerInput, weights[l], expected[l]);
            layerInput = expected[l];
        }

        var actual = Enumerable.Range(0, layers).Select(_ => device.Allocate(batch, steps, hidden)).ToArray();
        switch (cell)
        {
            case "lstm":
                LstmCpu.ForwardStack(geometry, x, weights, actual, workspace, options);
                break;
            case "gru":
                GruCpu.ForwardStack(geometry, x, weights, actual, workspace, options);
                break;
            default:
                RnnCpu.ForwardStack<TanhActivation>(geometry, x, weights, actual, workspace, options);
                break;
        }

        for (var l = 0; l < layers; l++)
        {
            Assert.True(expected[l].ToArray().SequenceEqual(actual[l].ToArray()), $"{cell}, {layers} layers: layer {l}'s output differs from the layer-by-layer forward");
        }

        void Forward(RecurrentGeometry layer, Tensor from, RecurrentWeights w, Tensor to)
        {
            switch (cell)
            {
                case "lstm":
                    LstmCpu.Forward(layer, from, w, to, null, workspace, options);
                    break;
                case "gru":
                    GruCpu.Forward(layer, from, w, to, null, workspace, options);
                    break;
                default:
                    RnnCpu.Forward<TanhActivation>(layer, from, w, to, null, workspace, options);
                    break;
            }
        }
    }

    [Fact]
    public void A_stack_rejects_a_missing_output_and_a_reversed_direction()
    {
        var device = Device.Cpu();
        var geometry = new RecurrentGeometry(2, 3, 4, 5);
        var w = new RecurrentWeights(device.Allocate(20, 4), device.Allocate(20, 5), device.Allocate(20), device.Allocate(20));
        var w2 = new RecurrentWeights(device.Allocate(20, 5), device.Allocate(20, 5), device.Allocate(20), device.Allocate(20));
        var x = device.Allocate(2, 3, 4);
        var y = device.Allocate(2, 3, 5);
        Assert.Throws<ArgumentException>(() => LstmCpu.ForwardStack(geometry, x, [w, w2], [y], new CpuWorkspace()));
        Assert.Throws<ArgumentException>(() => LstmCpu.ForwardStack(geometry, x, [w, w2], [y, device.Allocate(2, 3, 5)], new CpuWorkspace(), new RecurrentOptions { Reverse = true }));
    }
}
