namespace Strata;

/// <summary>
/// The Philox4x32-10 counter-based generator of Salmon et al., "Parallel Random Numbers: As Easy as 1, 2, 3" (SC11),
/// as in Random123 and in the Philox engine behind PyTorch's CUDA generator. Each 128-bit counter, encrypted under a
/// 64-bit key by ten rounds, gives four random 32-bit words; the generator walks the counters in order. Its whole
/// state is the key, the counter and a position inside the block (<see cref="GetState"/>/<see cref="SetState"/>), so
/// a checkpoint can store it and a run resumes with the same numbers. <see cref="Compute"/> is the pure function
/// (key, counter) → four words, with no state, which a GPU kernel can call for element i with counter i.
/// </summary>
public sealed class Philox
{
    /// <summary>The number of rounds (10, Random123's default and the one its known-answer tests name).</summary>
    public const int Rounds = 10;

    // Random123's philox.h: the round multipliers and the Weyl key increments (golden ratio and √3 − 1, as 32-bit fractions).
    private const uint Multiplier0 = 0xD2511F53, Multiplier1 = 0xCD9E8D57;
    private const uint KeyStep0 = 0x9E3779B9, KeyStep1 = 0xBB67AE85;

    private uint _key0;
    private uint _key1;
    private PhiloxBlock _counter;
    private PhiloxBlock _block;
    private int _position;

    /// <summary>
    /// A generator with curand's Philox layout (<c>curand_init(seed, subsequence, offset)</c>): the key is the seed
    /// (low word first), the counter's high 64 bits are <paramref name="subsequence"/>, its low 64 bits are
    /// <paramref name="offset"/> / 4, and the first <paramref name="offset"/> % 4 words of that block are skipped.
    /// Generators with the same seed and different subsequences give independent streams of 2^66 words each.
    /// </summary>
    public Philox(ulong seed, ulong subsequence = 0, ulong offset = 0)
    {
        var blocks = offset / 4;
        SetState(new PhiloxState(
            (uint)seed, (uint)(seed >> 32),
            new PhiloxBlock((uint)blocks, (uint)(blocks >> 32), (uint)subsequence, (uint)(subsequence >> 32)),
            (int)(offset % 4)));
    }

    /// <summary>
    /// Philox4x32-10 of <paramref name="counter"/> under the key (<paramref name="key0"/>, <paramref name="key1"/>):
    /// Random123's <c>philox4x32(ctr, key)</c>. Pure and allocation-free, so ILGPU kernels can call it.
    /// </summary>
    public static PhiloxBlock Compute(PhiloxBlock counter, uint key0, uint key1)
    {
        var (x0, x1, x2, x3) = (counter.X0, counter.X1, counter.X2, counter.X3);
        for (var round = 0; round < Rounds; round++)
        {
            if (round > 0)
            {
                key0 += KeyStep0;
                key1 += KeyStep1;
            }

            var product0 = (ulong)Multiplier0 * x0;
            var product1 = (ulong)Multiplier1 * x2;
            (x0, x1, x2, x3) = (
                (uint)(product1 >> 32) ^ x1 ^ key0, (uint)product1,
                (uint)(product0 >> 32) ^ x3 ^ key1, (uint)product0);
        }

        return new PhiloxBlock(x0, x1, x2, x3);
    }

    /// <summary>The next random 32-bit word: the words of each block in order, then the next counter's block.</summary>
    public uint NextUInt32()
    {
        if (_position == 4)
        {
            _counter = _counter.Increment();
            _block = Compute(_counter, _key0, _key1);
            _position = 0;
        }

        return _block[_position++];
    }

    /// <summary>A uniform float in [0, 1): the top 24 bits of one word times 2^−24 (every value a multiple of 2^−24).</summary>
    public float NextSingle() => (NextUInt32() >> 8) * (1f / (1 << 24));

    /// <summary>
    /// A uniform double in [0, 1) with 53 random bits from two words, (a·2^26 + b)·2^−53 with a the top 27 bits of the
    /// first and b the top 26 bits of the second (the Mersenne Twister's <c>genrand_res53</c>).
    /// </summary>
    public double NextDouble()
    {
        var a = NextUInt32() >> 5;
        var b = NextUInt32() >> 6;
        return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0);
    }

    /// <summary>
    /// A draw from N(<paramref name="mean"/>, <paramref name="standardDeviation"/>²) by the Box–Muller transform of two
    /// <see cref="NextDouble"/> draws u1, u2: mean + σ·√(−2 ln(1 − u1))·cos(2π u2). Uses four words per draw and keeps
    /// no spare value, so the state stays the key, counter and position.
    /// </summary>
    public double NextNormal(double mean = 0, double standardDeviation = 1)
    {
        if (!double.IsFinite(mean) || !(standardDeviation >= 0 && double.IsFinite(standardDeviation)))
        {
            throw new ArgumentOutOfRangeException(
                nameof(standardDeviation), $"Expected a finite mean and a finite standard deviation ≥ 0, got N({mean}, {standardDeviation}²).");
        }

        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return mean + standardDeviation * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>
    /// A uniform integer in [0, <paramref name="maxExclusive"/>), unbiased: Lemire's multiply-and-reject on
    /// <see cref="NextUInt32"/> ("Fast Random Integer Generation in an Interval", 2019). Throws
    /// <see cref="ArgumentOutOfRangeException"/> unless <paramref name="maxExclusive"/> ≥ 1.
    /// </summary>
    public int NextInt32(int maxExclusive)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxExclusive, 1);
        var range = (uint)maxExclusive;
        var product = (ulong)NextUInt32() * range;
        if ((uint)product < range)
        {
            var threshold = (0u - range) % range;
            while ((uint)product < threshold)
            {
                product = (ulong)NextUInt32() * range;
            }
        }

        return (int)(product >> 32);
    }

    /// <summary>
    /// Shuffles <paramref name="items"/> in place by Fisher–Yates (Durstenfeld's form: for i from the last index down to
    /// 1, swap item i with item <see cref="NextInt32"/>(i + 1)), so every permutation is equally likely.
    /// </summary>
    public void Shuffle<T>(Span<T> items)
    {
        for (var i = items.Length - 1; i > 0; i--)
        {
            var j = NextInt32(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    /// <summary>
    /// Moves on by <paramref name="words"/> words, as that many <see cref="NextUInt32"/> calls would, in constant time:
    /// a GPU kernel draws those words itself (<see cref="Gpu.DropoutKernels"/>) from the state before the skip.
    /// </summary>
    public void Skip(long words)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(words);
        var total = (ulong)_position + (ulong)words;
        if (total <= 4)
        {
            _position = (int)total;
            return;
        }

        _counter = _counter.Add((total - 1) / 4);
        _block = Compute(_counter, _key0, _key1);
        _position = (int)((total - 1) % 4) + 1;
    }

    /// <summary>The state to resume from: the key, the current block's counter and how many of its words are used.</summary>
    public PhiloxState GetState() => new(_key0, _key1, _counter, _position);

    /// <summary>
    /// Continues from <paramref name="state"/>, as saved by <see cref="GetState"/>. Throws
    /// <see cref="ArgumentOutOfRangeException"/> when its position is not 0 to 4.
    /// </summary>
    public void SetState(PhiloxState state)
    {
        if (state.Position is < 0 or > 4)
        {
            throw new ArgumentOutOfRangeException(
                nameof(state), state.Position, "A Philox state's position (words used of the current block) is 0 to 4.");
        }

        (_key0, _key1, _counter, _position) = (state.Key0, state.Key1, state.Counter, state.Position);
        _block = Compute(_counter, _key0, _key1);
    }
}
