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

    /// <summary>A Keras-style table: layer, output shape and parameter count.</summary>
    string Summary { get; }

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
    Tensor Forward(Tensor input);

    /// <summary>
    /// Back-propagates the gradient of the loss with respect to the last <see cref="Forward"/> output. It overwrites
    /// every parameter's <see cref="Parameter.Grad"/> and may overwrite <paramref name="gradOutput"/>. Returns the
    /// gradient with respect to the input when <paramref name="inputGradient"/> is true (lent by the model, as
    /// <see cref="Forward"/>'s result is), otherwise null.
    /// </summary>
    Tensor? Backward(Tensor gradOutput, bool inputGradient = false);

    /// <summary>
    /// Writes the inference graph as a standard ONNX model (opset 17, weights included, dynamic batch; input "input",
    /// output "output"; sequence models also take "lengths", int32 [batch], each sequence's valid length) to
    /// <paramref name="path"/> atomically, creating the directory when it is missing.
    /// </summary>
    void ExportOnnx(string path);
}
