namespace Strata.IO;

/// <summary>
/// Saves and loads a model's parameters, and its buffers (<see cref="IModel.Buffers"/>: BatchNorm's running statistics),
/// as a safetensors file keyed by their state_dict names (<c>C1.weight</c>, <c>Enc.weight_ih_l0_reverse</c>,
/// <c>Bn1.running_mean</c>), the file PyTorch's <c>safetensors.torch.save_file(model.state_dict(), path)</c>
/// writes and <c>load_file</c> reads for the same architecture.
/// </summary>
public static class ModelState
{
    /// <summary>
    /// Writes every parameter of <paramref name="model"/> as F32 to <paramref name="path"/>, with
    /// <paramref name="metadata"/> as the file's <c>__metadata__</c> when given. The write is atomic: a temporary file in
    /// the same folder, flushed to disk, renamed over the target, then the folder flushed (Linux); when anything fails
    /// the old file is left as it was. Missing folders are created. Works from any device (values are copied to the
    /// host one parameter at a time).
    /// </summary>
    public static void Save(IModel model, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        SafeTensorsFile.WriteEntries(path, Snapshot(model), metadata ?? new Dictionary<string, string>());
    }

    /// <summary>
    /// The parameters and buffers of <paramref name="model"/> as file entries, copied to the host under the lock
    /// <c>Predict</c> reads under, so a concurrent optimiser step, load or training forward is seen wholly or not at
    /// all; the caller then writes them without holding it.
    /// </summary>
    internal static List<SafeTensorsFile.Entry> Snapshot(IModel model)
    {
        using (ReadLock(model))
        {
            return model.Parameters
                .Select(p => Entry(p.Name, SafeTensorsDType.F32, p.Shape, SafeTensor.FromSingles(p.Value.ToArray(), p.Value.Length).Data))
                .Concat(model.Buffers.Select(b => Entry(b.Name, b.IsInt64 ? SafeTensorsDType.I64 : SafeTensorsDType.F32, b.Shape, ToSafeTensor(b).Data)))
                .ToList();
        }
    }

    /// <summary>The parameters of <paramref name="model"/> as F32 tensors, in memory (to inspect, rename or write), read as <see cref="Save"/> reads them.</summary>
    public static SafeTensorsFile ToSafeTensors(IModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using (ReadLock(model))
        {
            return new SafeTensorsFile(model.Parameters.Select(p =>
                KeyValuePair.Create(p.Name, SafeTensor.FromSingles(p.Value.ToArray(), Array.ConvertAll(p.Shape, d => (long)d))))
                .Concat(model.Buffers.Select(b => KeyValuePair.Create(b.Name, ToSafeTensor(b))))
                .ToList());
        }
    }

    /// <summary>
    /// Holds the read side of the lock of every model whose parameters <paramref name="model"/> has (one, for a
    /// generated model; none for parameters made by hand), in the order writers take them.
    /// </summary>
    private static ReadScope ReadLock(IModel model)
    {
        var guards = model.Parameters.Select(p => p.Guard).OfType<ModelGuard>().Distinct().OrderBy(g => g.Id).ToArray();
        var calls = new PredictCall[guards.Length];
        var entered = 0;
        try
        {
            for (; entered < guards.Length; entered++)
            {
                calls[entered] = guards[entered].BeginRead();
            }
        }
        catch
        {
            for (var i = entered - 1; i >= 0; i--)
            {
                calls[i].Dispose();
            }

            throw;
        }

        return new ReadScope(calls);
    }

    private static SafeTensorsFile.Entry Entry(string name, SafeTensorsDType dtype, int[] shape, ReadOnlyMemory<byte> data) =>
        new(name, dtype, Array.ConvertAll(shape, d => (long)d), data.Length, () => data);

    /// <summary>A buffer as the tensor PyTorch's state_dict holds: F32, or I64 for a counter such as num_batches_tracked.</summary>
    private static SafeTensor ToSafeTensor(ModelBuffer buffer)
    {
        var shape = Array.ConvertAll(buffer.Shape, d => (long)d);
        return buffer.IsInt64 ? SafeTensor.FromInt64s(buffer.Int64Values, shape) : SafeTensor.FromSingles(buffer.Value.ToArray(), shape);
    }

    /// <summary>
    /// Loads the parameters of <paramref name="model"/> from the safetensors file at <paramref name="path"/>. F32 is
    /// copied bit for bit; F16, BF16 (exactly) and F64 (rounded) are converted to float32. The whole file is read and
    /// checked before any parameter changes, so the model is never left half-loaded; only parameter and buffer values change
    /// (gradients, optimizer state and the training mode are left alone).
    /// <para>
    /// <paramref name="strict"/> (the default): the file's tensors must match the parameters exactly, by name, shape
    /// and a float dtype; otherwise nothing is loaded and an <see cref="InvalidDataException"/> names every missing,
    /// unexpected and mis-shaped tensor at once. Not strict: the tensors that fit are loaded, and the result lists the
    /// rest (check <see cref="ModelStateLoadResult.IsExactMatch"/>).
    /// </para>
    /// Throws <see cref="InvalidDataException"/>, with the path and what is wrong, for a damaged or hostile file (the
    /// model is then untouched, strict or not) and for a strict mismatch; I/O errors are the usual
    /// <see cref="IOException"/>s.
    /// </summary>
    public static ModelStateLoadResult Load(IModel model, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(path);
        return Load(model, SafeTensorsFile.Read(path), strict, $"'{path}'");
    }

    /// <summary>
    /// Loads the parameters of <paramref name="model"/> from tensors already in memory, as
    /// <see cref="Load(IModel, string, bool)"/> does from a file (e.g. after renaming a checkpoint's keys).
    /// </summary>
    public static ModelStateLoadResult Load(IModel model, SafeTensorsFile tensors, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tensors);
        return Load(model, tensors, strict, "The SafeTensorsFile");
    }

    /// <summary>Whether <see cref="SafeTensor.ToSingles"/> reads <paramref name="dtype"/>.</summary>
    internal static bool IsFloat(SafeTensorsDType dtype) =>
        dtype is SafeTensorsDType.F32 or SafeTensorsDType.F16 or SafeTensorsDType.BF16 or SafeTensorsDType.F64;

    private static ModelStateLoadResult Load(IModel model, SafeTensorsFile file, bool strict, string source)
    {
        var parameters = model.Parameters;
        var names = new HashSet<string>(StringComparer.Ordinal);
        var fits = new List<(Parameter Parameter, SafeTensor Tensor)>();
        var missing = new List<string>();
        var mismatched = new List<ParameterMismatch>();
        foreach (var parameter in parameters)
        {
            if (!names.Add(parameter.Name))
            {
                throw new ArgumentException($"{model.GetType().Name} has two parameters named '{parameter.Name}'.", nameof(model));
            }

            if (!file.Tensors.TryGetValue(parameter.Name, out var tensor))
            {
                missing.Add(parameter.Name);
            }
            else if (!IsFloat(tensor.DType) || !SameShape(parameter.Shape, tensor.Shape))
            {
                mismatched.Add(new ParameterMismatch(parameter.Name, parameter.Shape, tensor));
            }
            else
            {
                fits.Add((parameter, tensor));
            }
        }

        // Buffers load as parameters do; an int64 buffer (num_batches_tracked) takes an I64 tensor.
        var bufferFits = new List<(ModelBuffer Buffer, SafeTensor Tensor)>();
        foreach (var buffer in model.Buffers)
        {
            if (!names.Add(buffer.Name))
            {
                throw new ArgumentException($"{model.GetType().Name} has two parameters or buffers named '{buffer.Name}'.", nameof(model));
            }

            if (!file.Tensors.TryGetValue(buffer.Name, out var tensor))
            {
                missing.Add(buffer.Name);
            }
            else if ((buffer.IsInt64 ? tensor.DType != SafeTensorsDType.I64 : !IsFloat(tensor.DType)) || !SameShape(buffer.Shape, tensor.Shape))
            {
                mismatched.Add(new ParameterMismatch(buffer.Name, buffer.Shape, tensor));
            }
            else
            {
                bufferFits.Add((buffer, tensor));
            }
        }

        var unexpected = file.Tensors.Keys.Where(name => !names.Contains(name)).ToList();
        var result = new ModelStateLoadResult(
            fits.Select(f => f.Parameter.Name).Concat(bufferFits.Select(f => f.Buffer.Name)).ToList().AsReadOnly(), missing.AsReadOnly(), unexpected.AsReadOnly(), mismatched.AsReadOnly());
        if (strict && !result.IsExactMatch)
        {
            var problems = missing.Count + unexpected.Count + mismatched.Count;
            throw new InvalidDataException(
                $"{source} does not match {model.GetType().Name}, so nothing was loaded ({problems} problem(s)):{Environment.NewLine}" +
                $"{result}{Environment.NewLine}" +
                "Load with strict: false to load the tensors that fit and get the others listed in the result.");
        }

        // Convert everything before touching the model; only then copy, as one write that Predict sees whole.
        var values = fits.Select(f => f.Tensor.ToSingles()).ToArray();
        var bufferValues = bufferFits.Select(f => f.Buffer.IsInt64 ? (object)f.Tensor.ToInt64s() : f.Tensor.ToSingles()).ToArray();
        using var update = WeightUpdate.Begin(parameters, "ModelState.Load");
        for (var i = 0; i < fits.Count; i++)
        {
            fits[i].Parameter.Value.CopyFrom(values[i]);
        }

        for (var i = 0; i < bufferFits.Count; i++)
        {
            if (bufferValues[i] is long[] counts)
            {
                counts.CopyTo(bufferFits[i].Buffer.Int64Values, 0);
            }
            else
            {
                bufferFits[i].Buffer.Value.CopyFrom((float[])bufferValues[i]);
            }
        }

        return result;
    }

    private static bool SameShape(int[] modelShape, IReadOnlyList<long> fileShape)
    {
        if (modelShape.Length != fileShape.Count)
        {
            return false;
        }

        for (var i = 0; i < modelShape.Length; i++)
        {
            if (modelShape[i] != fileShape[i])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>The read locks <c>ModelState</c> holds while it copies a model's values.</summary>
internal readonly struct ReadScope(PredictCall[] calls) : IDisposable
{
    public void Dispose()
    {
        for (var i = calls.Length - 1; i >= 0; i--)
        {
            calls[i].Dispose();
        }
    }
}
