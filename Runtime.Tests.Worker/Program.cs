using System.Globalization;
using Strata;
using Strata.Data;
using Strata.IO;
using Strata.Runtime.Tests.Worker;
using Strata.Training;

// train CHECKPOINT EPOCHS WEIGHTS [RESUME]: trains ResumeNet on synthetic digits for EPOCHS epochs (from RESUME when
// given), checkpointing every epoch to CHECKPOINT ("-" for none), then saves the weights to WEIGHTS.
// lenet ..., overlap ... and forever: data-parallel LeNet training for Runtime.Tests/Distributed (see DataParallelRun).
// kernels OUT: one forward and backward of LeNet and a recurrent net through this process's CPU kernel path (KernelPathRun).
// write PATH START: writes ever newer WideNet checkpoints to PATH from generation START on, generation k holding k in every weight and moment and as
// its epoch, and prints "saved k" after each, until killed.
switch (args)
{
    case ["train", var checkpoint, var epochText, var weights, .. var rest]:
    {
        var epochs = int.Parse(epochText, CultureInfo.InvariantCulture);
        var train = SyntheticDigits.Generate(600, seed: 5);
        var model = new ResumeNet(Device.Cpu(), seed: 3);
        var optimizer = new AdamW(model.Parameters, learningRate: 3e-3f);
        using var trainer = new Trainer(model, optimizer)
        {
            Output = null,
            Schedule = new CosineDecay(3e-3f, totalSteps: 4 * Trainer.StepsPerEpoch(train.Count, 32), warmupSteps: 10),
            CheckpointPath = checkpoint == "-" ? null : checkpoint,
        };
        trainer.Fit(train, epochs, batchSize: 32, seed: 11, resumeFrom: rest.Length > 0 ? rest[0] : null);
        ModelState.Save(model, weights);
        Console.WriteLine($"trained {Environment.ProcessorCount} threads");
        return 0;
    }

    case ["write", var path, var startText]:
    {
        var model = new WideNet(Device.Cpu(), seed: 1);
        var optimizer = new Adam(model.Parameters);
        for (var k = int.Parse(startText, CultureInfo.InvariantCulture); ; k++)
        {
            foreach (var parameter in model.Parameters)
            {
                parameter.Value.CopyFrom(Filled(parameter.Value.Length, k));
            }

            optimizer.SetState(new OptimizerState(
                nameof(Adam), k, 1e-3f,
                model.Parameters
                    .SelectMany(p => new[] { "exp_avg/", "exp_avg_sq/" }.Select(b => KeyValuePair.Create(b + p.Name, Filled(p.Value.Length, k))))
                    .ToDictionary()));
            Checkpoint.Save(path, model, optimizer, epoch: k, step: k);
            Console.WriteLine($"saved {k}");
        }
    }

    case ["lenet", var weights, var samples, var epochs, var mode, var optimizer, var checkpoint, var resume]:
        return DataParallelRun.Train(
            weights, int.Parse(samples, CultureInfo.InvariantCulture), int.Parse(epochs, CultureInfo.InvariantCulture), mode, optimizer,
            checkpoint, resume);

    case ["overlap", var weights, var events]:
        return DataParallelRun.TrainOverlapped(weights, events);

    case ["kernels", var file]:
        return KernelPathRun.Run(file);

    case ["bn", var weights, var mode]:
        return DataParallelRun.TrainBatchNorm(weights, mode);

    case ["forever"]:
        return DataParallelRun.Forever(throwingRank: null);

    case ["forever", var throwingRank]:
        return DataParallelRun.Forever(int.Parse(throwingRank, CultureInfo.InvariantCulture));

    default:
        Console.Error.WriteLine(
            "usage: train CHECKPOINT EPOCHS WEIGHTS [RESUME] | write PATH START | lenet WEIGHTS SAMPLES EPOCHS single|mpi sgd|adam CHECKPOINT RESUME | bn WEIGHTS single|mpi | overlap WEIGHTS EVENTS | kernels OUT | forever [THROWING_RANK]");
        return 2;
}

static float[] Filled(int length, int value)
{
    var values = new float[length];
    Array.Fill(values, value);
    return values;
}
