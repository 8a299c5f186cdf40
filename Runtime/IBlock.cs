namespace Strata
{
    /// <summary>
    /// A use of a <c>[Block]</c> class inside a model: the generator implements it, and the model binds each use to the
    /// layer handles it created for it, so that <c>model.Layer2[0].Conv1.Weight</c> is the parameter
    /// <c>Layer2.0.Conv1.weight</c>.
    /// </summary>
    public interface IBlock
    {
        /// <summary>The block's arguments as C# would write them, e.g. <c>numChannels: 128, use1x1Conv: true, strides: 2</c>.</summary>
        string Arguments { get; }

        /// <summary>Takes this use's layer handles from <paramref name="binding"/>; called once by the model that owns the use.</summary>
        /// <param name="binding">The model's handles, seen from this use's path.</param>
        void Bind(BlockBinding binding);
    }
}
