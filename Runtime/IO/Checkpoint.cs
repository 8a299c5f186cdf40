using System.Globalization;
using Strata.Training;

namespace Strata.IO;

/// <summary>
/// A training checkpoint: everything a run needs to continue exactly where it stopped, in one safetensors file. It
/// holds the model's parameters under their state_dict names (so <c>safetensors.torch.load_file</c> reads them as a
/// PyTorch state_dict, next to the other entries), the optimiser's buffers as F32 tensors named
/// <c>optimizer/exp_avg/C1.weight</c> (a <c>/</c> cannot occur in a parameter name), extra float arrays as
/// <c>extra/name</c>, and in <c>__metadata__</c> the format (<c>strata.format</c>), the completed epochs, the
/// optimiser steps, the optimiser's kind, step count and learning rate, the states of named <see cref="Philox"/>
/// generators (hex; the model's dropout generator, when it has one, as <see cref="DropoutGeneratorName"/>) and
/// free-form string values.
/// </summary>
/// <remarks>
/// <see cref="Save"/> writes atomically through <see cref="AtomicFile"/>: a temporary file in the same folder, flushed,
/// renamed over the target, the folder flushed; a process killed mid-write leaves the previous checkpoint intact.
/// <see cref="Read"/> throws <see cref="InvalidDataException"/> for a damaged or hostile file, or a safetensors file
/// that is not a checkpoint; <see cref="Restore"/> changes nothing unless everything fits.
/// </remarks>
public sealed class Checkpoint
{
    /// <summary>The value of <c>strata.format</c> in every checkpoint this version writes.</summary>
    public const string FormatVersion = "strata-checkpoint/1";

    private const string FormatKey = "strata.format";
    private const string EpochKey = "strata.epoch";
    private const string StepKey = "strata.step";
    private const string OptimizerKindKey = "strata.optimizer.kind";
    private const string OptimizerStepsKey = "strata.optimizer.step_count";
    private const string OptimizerRateKey = "strata.optimizer.learning_rate";
    private const string GeneratorPrefix = "strata.rng.";
    private const string ValuePrefix = "strata.value.";
    private const string OptimizerPrefix = "optimizer/";
    private const string ExtraPrefix = "extra/";

    /// <summary>
    /// The name under which <see cref="Save"/> keeps the state of the model's <see cref="IModel.DropoutGenerator"/> in
    /// <see cref="Generators"/>, and <see cref="Restore"/> takes it back from.
    /// </summary>
    public const string DropoutGeneratorName = "model.dropout";

    private Checkpoint(
        int epoch, long step, SafeTensorsFile weights, OptimizerState? optimizer, IReadOnlyDictionary<string, PhiloxState> generators,
        IReadOnlyDictionary<string, string> values, IReadOnlyDictionary<string, float[]> extras)
    {
        Epoch = epoch;
        Step = step;
        Weights = weights;
        Optimizer = optimizer;
        Generators = generators;
        Values = values;
        Extras = extras;
    }

    /// <summary>The epochs completed when the checkpoint was written.</summary>
    public int Epoch { get; }

    /// <summary>The optimiser steps taken when the checkpoint was written (what a learning-rate schedule reads).</summary>
    public long Step { get; }

    /// <summary>The model's parameters, by state_dict name.</summary>
    public SafeTensorsFile Weights { get; }

    /// <summary>The optimiser's state, or null when the checkpoint was saved without an optimiser.</summary>
    public OptimizerState? Optimizer { get; }

    /// <summary>The saved generator states by name (the <see cref="Trainer"/> saves its shuffling generator as <c>shuffle</c>).</summary>
    public IReadOnlyDictionary<string, PhiloxState> Generators { get; }

    /// <summary>Free-form strings saved with the checkpoint (the <see cref="Trainer"/> keeps its history and early-stopping state here).</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Extra float arrays saved with the checkpoint (the <see cref="Trainer"/> keeps the best epoch's weights here).</summary>
    public IReadOnlyDictionary<string, float[]> Extras { get; }

    /// <summary>
    /// Writes a checkpoint of <paramref name="model"/> (and <paramref name="optimizer"/>'s state, when given) to
    /// <paramref name="path"/> atomically, creating missing folders; <paramref name="epoch"/> is the number of epochs
    /// completed and <paramref name="step"/> the optimiser steps taken. Names of generators, values and extras may not be
    /// empty. The parameters and buffers are copied to the host together, under the read lock <c>Predict</c> holds (so a
    /// concurrent optimiser step or load is seen wholly or not at all), then written.
    /// </summary>
    public static void Save(
        string path, IModel model, IResumableOptimizer? optimizer, int epoch, long step,
        IReadOnlyDictionary<string, PhiloxState>? generators = null,
        IReadOnlyDictionary<string, string>? values = null,
        IReadOnlyDictionary<string, float[]>? extras = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [FormatKey] = FormatVersion,
            [EpochKey] = epoch.ToString(CultureInfo.InvariantCulture),
            [StepKey] = step.ToString(CultureInfo.InvariantCulture),
        };
        // The parameters and buffers (BatchNorm's running statistics), copied under the lock Predict reads under.
        var entries = ModelState.Snapshot(model);
        if (optimizer is not null)
        {
            var state = optimizer.GetState();
            metadata[OptimizerKindKey] = state.Kind;
            metadata[OptimizerStepsKey] = state.StepCount.ToString(CultureInfo.InvariantCulture);
            metadata[OptimizerRateKey] = state.LearningRate.ToString("R", CultureInfo.InvariantCulture);
            entries.AddRange(state.Buffers.Select(b => Vector(OptimizerPrefix + b.Key, b.Value)));
        }

        foreach (var (name, state) in generators ?? new Dictionary<string, PhiloxState>())
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(generators));
            if (name == DropoutGeneratorName)
            {
                throw new ArgumentException($"'{DropoutGeneratorName}' is the model's dropout generator, which Save adds itself.", nameof(generators));
            }

            metadata[GeneratorPrefix + name] = Convert.ToHexString(state.ToBytes());
        }

        if (model.DropoutGenerator is { } dropout)
        {
            metadata[GeneratorPrefix + DropoutGeneratorName] = Convert.ToHexString(dropout.GetState().ToBytes());
        }

        foreach (var (name, value) in values ?? new Dictionary<string, string>())
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(values));
            metadata[ValuePrefix + name] = value ?? throw new ArgumentException($"The value '{name}' is null.", nameof(values));
        }

        foreach (var (name, array) in extras ?? new Dictionary<string, float[]>())
        {
            ArgumentException.ThrowIfNullOrEmpty(name, nameof(extras));
            entries.Add(Vector(ExtraPrefix + name, array ?? throw new ArgumentException($"The extra '{name}' is null.", nameof(extras))));
        }

        SafeTensorsFile.WriteEntries(path, entries, metadata);
    }

    /// <summary>
    /// Reads and checks the checkpoint at <paramref name="path"/>. Throws <see cref="InvalidDataException"/>, naming the
    /// file and the problem, when it is not a valid safetensors file, not a checkpoint (no <c>strata.format</c>), of
    /// another format version, or when an entry is malformed (an epoch or step that is not a non-negative integer, a
    /// generator state that is not 28 hex bytes, an optimiser buffer that is not a 1-D F32 tensor, optimiser buffers
    /// without an optimiser kind); I/O errors are the usual <see cref="IOException"/>s.
    /// </summary>
    public static Checkpoint Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var file = SafeTensorsFile.Read(path);
        InvalidDataException Bad(string problem) => new($"'{path}' is not a valid checkpoint: {problem}");

        var metadata = file.Metadata;
        if (!metadata.TryGetValue(FormatKey, out var format))
        {
            throw Bad($"it is a safetensors file without \"{FormatKey}\" in its metadata (weights alone load with ModelState.Load).");
        }

        if (format != FormatVersion)
        {
            throw Bad($"its format is '{Shown(format)}'; this version reads '{FormatVersion}'.");
        }

        var epoch = (int)Integer(metadata, EpochKey, int.MaxValue, Bad);
        var step = Integer(metadata, StepKey, long.MaxValue, Bad);
        var generators = new Dictionary<string, PhiloxState>(StringComparer.Ordinal);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata)
        {
            if (key.StartsWith(GeneratorPrefix, StringComparison.Ordinal))
            {
                generators[key[GeneratorPrefix.Length..]] = Generator(key, value, Bad);
            }
            else if (key.StartsWith(ValuePrefix, StringComparison.Ordinal))
            {
                values[key[ValuePrefix.Length..]] = value;
            }
        }

        var weights = new List<KeyValuePair<string, SafeTensor>>();
        var buffers = new Dictionary<string, float[]>(StringComparer.Ordinal);
        var extras = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, tensor) in file.Tensors)
        {
            if (name.StartsWith(OptimizerPrefix, StringComparison.Ordinal))
            {
                buffers[name[OptimizerPrefix.Length..]] = VectorValues(name, tensor, Bad);
            }
            else if (name.StartsWith(ExtraPrefix, StringComparison.Ordinal))
            {
                extras[name[ExtraPrefix.Length..]] = VectorValues(name, tensor, Bad);
            }
            else
            {
                weights.Add(KeyValuePair.Create(name, tensor));
            }
        }

        OptimizerState? optimizer = null;
        if (metadata.TryGetValue(OptimizerKindKey, out var kind))
        {
            var rate = metadata.TryGetValue(OptimizerRateKey, out var text)
                && float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && float.IsFinite(parsed) && parsed >= 0
                ? parsed
                : throw Bad($"\"{OptimizerRateKey}\" is {(text is null ? "missing" : $"'{Shown(text)}'")}, not a finite number ≥ 0.");
            optimizer = kind.Length == 0
                ? throw Bad($"\"{OptimizerKindKey}\" is empty.")
                : new OptimizerState(kind, Integer(metadata, OptimizerStepsKey, long.MaxValue, Bad), rate, buffers);
        }
        else if (buffers.Count > 0)
        {
            throw Bad($"it holds optimiser buffers but no \"{OptimizerKindKey}\".");
        }

        return new Checkpoint(epoch, step, new SafeTensorsFile(weights), optimizer, generators, values, extras);
    }

    /// <summary>
    /// Loads the parameters and buffers into <paramref name="model"/> (strictly: every name and shape must match), the
    /// state of its dropout generator when it has one and the checkpoint holds it, and, when given, the state into
    /// <paramref name="optimizer"/>. Everything is checked before anything changes: on an
    /// <see cref="InvalidDataException"/> (a mismatched model, an optimiser of another kind or with other buffers, an
    /// optimiser given for a checkpoint saved without one) the model and the optimiser are as they were.
    /// </summary>
    public void Restore(IModel model, IResumableOptimizer? optimizer)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (optimizer is null)
        {
            ModelState.Load(model, Weights, strict: true);
            RestoreDropoutGenerator(model);
            return;
        }

        if (Optimizer is null)
        {
            throw new InvalidDataException("The checkpoint was saved without an optimiser state, so there is none to restore.");
        }

        var previous = optimizer.GetState();
        optimizer.SetState(Optimizer);
        try
        {
            ModelState.Load(model, Weights, strict: true);
        }
        catch
        {
            optimizer.SetState(previous);
            throw;
        }

        RestoreDropoutGenerator(model);
    }

    /// <summary>
    /// Continues the model's dropout generator from the saved state, when the model has one and the checkpoint holds it
    /// (a checkpoint of a model without dropout does not; the generator is then left as it is).
    /// </summary>
    private void RestoreDropoutGenerator(IModel model)
    {
        if (model.DropoutGenerator is { } dropout && Generators.TryGetValue(DropoutGeneratorName, out var state))
        {
            dropout.SetState(state);
        }
    }

    private static SafeTensorsFile.Entry Vector(string name, float[] values) =>
        new(name, SafeTensorsDType.F32, [values.LongLength], values.LongLength * sizeof(float),
            () => SafeTensor.FromSingles(values, values.LongLength).Data);

    private static float[] VectorValues(string name, SafeTensor tensor, Func<string, InvalidDataException> bad) =>
        tensor.DType == SafeTensorsDType.F32 && tensor.Shape.Count == 1
            ? tensor.ToSingles()
            : throw bad($"'{Shown(name)}' is {tensor}; optimiser buffers and extras are 1-D F32 tensors.");

    private static long Integer(
        IReadOnlyDictionary<string, string> metadata, string key, long maximum, Func<string, InvalidDataException> bad) =>
        metadata.TryGetValue(key, out var text)
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= maximum
            ? value
            : throw bad($"\"{key}\" is {(text is null ? "missing" : $"'{Shown(text)}'")}, not an integer from 0 to {maximum}.");

    private static PhiloxState Generator(string key, string hex, Func<string, InvalidDataException> bad)
    {
        try
        {
            return PhiloxState.FromBytes(Convert.FromHexString(hex));
        }
        catch (Exception exception) when (exception is FormatException or ArgumentException)
        {
            throw bad($"\"{key}\" is '{Shown(hex)}', not a Philox state ({PhiloxState.ByteCount} bytes in hex): {exception.Message}");
        }
    }

    private static string Shown(string text) =>
        new((text.Length <= 80 ? text : text[..77] + "…").Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
