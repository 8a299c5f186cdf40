using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Strata
{
    /// <summary>
    /// Hands the layer handles a model created for its block uses to those uses, by path: the use <c>Layer2[0]</c> of a
    /// block gets the handles named <c>Layer2.0.*</c>. Generated code calls it; a block instance can belong to one model,
    /// and to one place in it.
    /// </summary>
    public sealed class BlockBinding
    {
        private static readonly ConditionalWeakTable<IBlock, object> Owners = new();
        private readonly object _model;
        private readonly IReadOnlyDictionary<string, object> _handles;
        private readonly string _prefix;

        /// <summary>Binds the uses of <paramref name="model"/> to <paramref name="handles"/>, keyed by path (<c>Layer2.0.Conv1</c>).</summary>
        /// <param name="model">The model that owns the handles.</param>
        /// <param name="handles">Every layer handle inside a block use, by its path.</param>
        public BlockBinding(object model, IReadOnlyDictionary<string, object> handles)
            : this(model, handles, string.Empty)
        {
        }

        private BlockBinding(object model, IReadOnlyDictionary<string, object> handles, string prefix)
        {
            _model = model ?? throw new ArgumentNullException(nameof(model));
            _handles = handles ?? throw new ArgumentNullException(nameof(handles));
            _prefix = prefix;
        }

        /// <summary>The handle of the layer <paramref name="name"/> in this use, or null when its <c>[When]</c> condition left it out.</summary>
        /// <typeparam name="T">The handle type.</typeparam>
        /// <param name="name">The layer property's name in the block.</param>
        /// <returns>The handle, or null.</returns>
        public T? Layer<T>(string name)
            where T : class =>
            _handles.TryGetValue(_prefix + name, out var handle) ? (T)handle : null;

        /// <summary>Binds a block use held by the property <paramref name="name"/>.</summary>
        /// <param name="block">The property's value.</param>
        /// <param name="name">The property's name.</param>
        public void Use(IBlock? block, string name) => Bind(block, name, _prefix + name + ".");

        /// <summary>Binds a stage of block uses held by the property <paramref name="name"/>: element i gets the path <c>name.i</c>.</summary>
        /// <param name="blocks">The property's value.</param>
        /// <param name="name">The property's name.</param>
        public void Use(IReadOnlyList<IBlock?>? blocks, string name)
        {
            if (blocks is null)
            {
                throw new InvalidOperationException($"{_model.GetType().Name}.{_prefix}{name} is null; give it the blocks it was declared with.");
            }

            for (var i = 0; i < blocks.Count; i++)
            {
                Bind(blocks[i], name + "[" + i + "]", _prefix + name + "." + i + ".");
            }
        }

        /// <summary>The exception a layer property of a block throws where its <c>[When]</c> condition left it out, or before binding.</summary>
        /// <param name="block">The block.</param>
        /// <param name="layer">The layer property.</param>
        /// <returns>The exception to throw.</returns>
        public static InvalidOperationException Absent(IBlock block, string layer) =>
            new($"{block.GetType().Name}({block.Arguments}).{layer} has no layer: its [When] condition is false for these arguments, " +
                "or the block is not part of a model.");

        private void Bind(IBlock? block, string display, string prefix)
        {
            if (block is null)
            {
                throw new InvalidOperationException($"{_model.GetType().Name}.{_prefix}{display} is null; give it the block it was declared with.");
            }

            if (Owners.TryGetValue(block, out var owner))
            {
                throw new InvalidOperationException(
                    $"This {block.GetType().Name} is already used {(ReferenceEquals(owner, _model) ? "elsewhere in this model" : "by another model")}; " +
                    $"each use needs its own instance (new {block.GetType().Name}(...)).");
            }

            Owners.Add(block, _model);
            block.Bind(new BlockBinding(_model, _handles, prefix));
        }
    }
}
