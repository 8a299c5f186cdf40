namespace Strata;

/// <summary>
/// What every generated model offers. The generator implements it on each <c>[Model]</c> class.
/// </summary>
public interface IModel
{
    /// <summary>The device that holds the parameters and runs the kernels.</summary>
    Device Device { get; }

    /// <summary>The per-sample input shape from <c>[Input]</c>.</summary>
    IReadOnlyList<int> InputShape { get; }

    /// <summary>The per-sample output shape, inferred at build time.</summary>
    IReadOnlyList<int> OutputShape { get; }

    /// <summary>The learned parameters in declaration order, named as in a PyTorch state_dict.</summary>
    IReadOnlyList<Parameter> Parameters { get; }

    /// <summary>
    /// The state kept beside the parameters, which training updates and no gradient reaches (PyTorch's buffers, such as
    /// BatchNorm's <c>Bn1.running_mean</c>), named as in a state_dict; empty for a model without any.
    /// </summary>
    IReadOnlyList<ModelBuffer> Buffers => [];

    /// <summary>
    /// The generator the model's dropout masks are drawn from in training (a <see cref="Philox"/> keyed by the model's
    /// seed, on subsequence 0x44524F50, "DROP"), or null for a model without dropout. A <see cref="IO.Checkpoint"/>
    /// saves and restores its state, so a resumed run drops the same elements as one that never stopped.
    /// </summary>
    Philox? DropoutGenerator => null;

    /// <summary>A Keras-style table: layer, output shape and parameter count.</summary>
    string Summary { get; }

    /// <summary>
    /// Whether the model's output is already a probability distribution, as when its last layer is <c>[Softmax]</c>:
    /// then a loss that applies its own softmax (<see cref="Training.SoftmaxCrossEntropy"/>) must not train it.
    /// </summary>
    bool OutputsProbabilities => false;

    /// <summary>Whether the model is in training mode (the default).</summary>
    bool IsTraining { get; }

    /// <summary>Switches to training mode.</summary>
    void Train();

    /// <summary>Switches to evaluation mode.</summary>
    void Eval();

    /// <summary>
    /// Runs the model on a batch shaped [batch, ..InputShape] (batch at least 1) on <see cref="Device"/>. The result is a
    /// buffer the model owns and lends (<see cref="Tensor.IsBorrowed"/>): disposing it does nothing, the next call
    /// overwrites it, and after a call with another batch size it is freed (using it then throws
    /// <see cref="ObjectDisposedException"/>). Throws <see cref="ArgumentException"/> for a wrong shape or device or an
    /// empty batch.
    /// </summary>
    /// <remarks>
    /// For one thread at a time, as are <see cref="Backward"/>, <see cref="Train"/> and <see cref="Eval"/>: they use the
    /// model's own buffers and mode. Such a call while another runs on another thread throws
    /// <see cref="InvalidOperationException"/>; to run inference from many threads, use <see cref="Predict(Tensor)"/>.
    /// </remarks>
    Tensor Forward(Tensor input);

    /// <summary>
    /// Runs the model for inference on a batch shaped [batch, ..InputShape] and returns the output [batch, ..OutputShape]
    /// as a new tensor on <see cref="Device"/> that the caller owns (dispose it). Thread-safe: any number of threads may
    /// call it at once on one model, alongside one thread training it; see <see cref="Predict(Tensor, Tensor)"/>.
    /// </summary>
    Tensor Predict(Tensor input);

    /// <summary>
    /// Runs the model for inference on a batch shaped [batch, ..InputShape] and writes the output into
    /// <paramref name="output"/>, a tensor on <see cref="Device"/> shaped [batch, ..OutputShape] (a sequence model's −1 is
    /// the input's steps).
    /// <para>
    /// Thread-safe. Concurrent calls share the parameters and each runs on its own pooled copy of the model's buffers, so
    /// after warm-up a call allocates nothing (apart from what the kernels themselves allocate at large sizes). It always
    /// runs in evaluation mode (no dropout, whatever <see cref="IsTraining"/> says), from zero recurrent state, and never
    /// touches what <see cref="Forward"/> lends or <see cref="Backward"/> needs. A write of the weights (an optimiser
    /// step, <c>ModelState.Load</c>) waits for the calls in flight and holds new ones until it is done, so each call sees
    /// every weight from before the write or every weight from after it. On a GPU, calls run one at a time per device.
    /// </para>
    /// Throws <see cref="ArgumentException"/> for a wrong shape or device, as <see cref="Forward"/> does.
    /// </summary>
    void Predict(Tensor input, Tensor output);

    /// <summary>
    /// Back-propagates the gradient of the loss with respect to the last <see cref="Forward"/> output. It overwrites
    /// every parameter's <see cref="Parameter.Grad"/> and may overwrite <paramref name="gradOutput"/>. Returns the
    /// gradient with respect to the input when <paramref name="inputGradient"/> is true (lent by the model, as
    /// <see cref="Forward"/>'s result is), otherwise null.
    /// </summary>
    Tensor? Backward(Tensor gradOutput, bool inputGradient = false);

    /// <summary>
    /// Told by <see cref="Backward"/> after each layer's parameter gradients are final (see
    /// <see cref="IGradientReadyListener"/>); null (the default) for none, which costs a null check per layer. Every
    /// generated model supports it; a model written by hand that does not throws <see cref="NotSupportedException"/> when
    /// it is set. Set it between calls, not while <see cref="Backward"/> runs.
    /// </summary>
    IGradientReadyListener? GradientReadyListener
    {
        get => null;
        set => throw new NotSupportedException($"{GetType().Name} does not report when its gradients are ready; only generated models do.");
    }

    /// <summary>
    /// Writes the inference graph as a standard ONNX model (opset 17, weights included, dynamic batch; input "input",
    /// output "output"; sequence models also take "lengths", int32 [batch], each sequence's valid length) to
    /// <paramref name="path"/> atomically, creating the directory when it is missing.
    /// </summary>
    void ExportOnnx(string path);
}
