using System.Collections.Generic;

namespace Strata.Generator.Emit
{
    /// <summary>
    /// Collects what a class of buffers (the <c>MemoryPlan</c> or the <c>RecurrentState</c>) allocates in its
    /// constructor and exposes as properties. Tensors come from the class's <c>ModelBuffers</c>, so what the model lends
    /// out survives a caller's Dispose.
    /// </summary>
    internal sealed class PlanWriter
    {
        private readonly List<string> _constructor = new();
        private readonly List<string[]> _members = new();

        /// <summary>The constructor's statements, in order.</summary>
        public IReadOnlyList<string> Constructor => _constructor;

        /// <summary>The properties, each as its lines.</summary>
        public IReadOnlyList<string[]> Members => _members;

        /// <summary>A tensor of the per-call sizes <paramref name="size"/> (e.g. <c>batch, 6, 28, 28</c>).</summary>
        public void Tensor(string name, string size, string summary)
        {
            _constructor.Add($"{name} = _buffers.Allocate({size});");
            _members.Add(new[] { Summary(summary), $"public {TypeNames.Tensor} {name} {{ get; }}" });
        }

        /// <summary>A view of <paramref name="tensor"/> as <c>[batch, elements]</c>.</summary>
        public void FlatView(string name, string tensor, int elements)
        {
            _constructor.Add($"{name} = {tensor}.Reshape(batch, {Literals.Int(elements)});");
            _members.Add(new[] { $"/// <summary>A view of {tensor} as [batch, {Literals.Int(elements)}].</summary>", $"public {TypeNames.Tensor} {name} {{ get; }}" });
        }

        private static string Summary(string text) => $"/// <summary>{Literals.Xml(char.ToUpperInvariant(text[0]) + text.Substring(1))}.</summary>";

        /// <summary>Any other member: its type, name, initialising expression and summary; a disposable one is disposed with the plan.</summary>
        public void Member(string type, string name, string initializer, string summary, bool disposable = false)
        {
            _constructor.Add($"{name} = {initializer};");
            _members.Add(new[] { Summary(summary), $"public {type} {name} {{ get; }}" });
            if (disposable)
            {
                _disposables.Add(name);
            }
        }

        /// <summary>The members disposed with the plan beside its buffers (a GPU tape's device memory).</summary>
        public IReadOnlyList<string> Disposables => _disposables;

        private readonly List<string> _disposables = new();
    }
}
