using System;

namespace Strata
{
    /// <summary>Helpers for declaring uses of <see cref="BlockAttribute">[Block]</see> classes.</summary>
    public static class Blocks
    {
        /// <summary>
        /// A stage of <paramref name="count"/> blocks, the i-th made by <paramref name="create"/>(i), each reading the one
        /// before it, as ResNet's <c>_make_layer</c>:
        /// <c>public Residual[] Layer2 { get; } = Blocks.Repeat(2, i => new Residual(128, use1x1Conv: i == 0, strides: i == 0 ? 2 : 1));</c>
        /// The count and the arguments must be constants, the block's own parameters, or <c>i</c>.
        /// </summary>
        /// <typeparam name="T">The block class.</typeparam>
        /// <param name="count">How many blocks, at least 1.</param>
        /// <param name="create">Makes the i-th block.</param>
        /// <returns>The blocks, in order.</returns>
        public static T[] Repeat<T>(int count, Func<int, T> create)
            where T : class
        {
            if (count < 1)
            {
                throw new ArgumentOutOfRangeException(nameof(count), count, "A stage needs at least one block.");
            }

            if (create is null)
            {
                throw new ArgumentNullException(nameof(create));
            }

            var blocks = new T[count];
            for (var i = 0; i < count; i++)
            {
                blocks[i] = create(i);
            }

            return blocks;
        }
    }
}
