using System.Globalization;
using Strata;
using Strata.Samples;
using Strata.Training;

// Dive into Deep Learning §7.2: learn the edge detector K = (1, −1) back from X and Y = X ⋆ K.
// X is 6×8 ones with columns 2..5 zero, so Y (6×7) is +1 at column 1 and −1 at column 5.
const int rows = 6, columns = 8;
var device = Device.Cpu();
var x = new float[rows * columns];
var y = new float[rows * (columns - 1)];
for (var r = 0; r < rows; r++)
{
    for (var c = 0; c < columns; c++)
    {
        x[r * columns + c] = c is >= 2 and <= 5 ? 0 : 1;
    }

    for (var c = 0; c < columns - 1; c++)
    {
        y[r * (columns - 1) + c] = x[r * columns + c] - x[r * columns + c + 1];
    }
}

var input = device.FromArray(x, 1, 1, rows, columns);
var target = device.FromArray(y, 1, 1, rows, columns - 1);
var gradient = device.Allocate(1, 1, rows, columns - 1);
var model = new Corr2dNet(device, seed: 0);
var optimizer = new Sgd(model.Parameters, learningRate: 3e-2f);
var loss = new MeanSquaredError();

// d2l's loop: l = ((Ŷ − Y)²).sum(), plain gradient descent. d2l stops after 10 epochs, still about 0.05 from
// (1, −1); 20 take it within 0.01.
for (var epoch = 1; epoch <= 20; epoch++)
{
    var l = loss.Compute(model.Forward(input), target, gradient, Reduction.Sum);
    model.Backward(gradient);
    optimizer.Step();
    if (epoch % 2 == 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"epoch {epoch}, loss {l:F3}"));
    }
}

var kernel = model.K.Weight.Value.ToArray();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kernel: {kernel[0]:F4} {kernel[1]:F4}"));
