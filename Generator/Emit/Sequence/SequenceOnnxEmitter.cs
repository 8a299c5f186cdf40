using Strata.Generator.Model;

namespace Strata.Generator.Emit.Sequence
{
    /// <summary>ONNX export of sequence models: not generated yet, so the IModel member says so.</summary>
    internal static class SequenceOnnxEmitter
    {
        public static void Emit(IndentedWriter writer, SequenceModel model)
        {
            writer.Line("/// <summary>Not supported yet for sequence models: throws <see cref=\"global::System.NotSupportedException\"/>.</summary>");
            using (writer.Block("public void ExportOnnx(string path)"))
            {
                writer.Line("global::System.ArgumentException.ThrowIfNullOrEmpty(path);");
                writer.Line($"throw new global::System.NotSupportedException(\"Strata does not export sequence models such as {model.ClassName} to ONNX yet.\");");
            }
        }
    }
}
