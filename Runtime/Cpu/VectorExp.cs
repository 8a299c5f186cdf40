using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Strata.Cpu;

/// <summary>
/// e^x for 16 or 8 floats in single precision, small enough to inline into the activations: Cephes' expf, x = n·ln 2 + r
/// with |r| ≤ ln 2 / 2, a degree-6 polynomial for e^r, and n added to the exponent (about 1 ulp; with AVX-512 by
/// vscalefps, one instruction for the four that build 2^n, the same bits). .NET's
/// <see cref="Vector512.Exp(Vector512{float})"/> evaluates in double and is a call; in an LSTM step's gates it cost
/// more than the recurrent GEMM.
/// </summary>
/// <remarks>
/// Inputs are clamped to ±80, so results stay normal floats (1.8e-35 to 5.5e34) and 2^n fits the exponent field; the
/// sigmoid and tanh built on it have saturated to 1 (or to within 2e-35 of 0) long before.
/// </remarks>
internal static class VectorExp
{
    private const float Limit = 80f;
    private const float Log2E = 1.44269504088896341f;

    // ln 2 split so that n·Ln2High is exact for the n the clamp allows.
    private const float Ln2High = 0.693359375f;
    private const float Ln2Low = -2.12194440e-4f;

    private const float P0 = 1.9875691500e-4f;
    private const float P1 = 1.3981999507e-3f;
    private const float P2 = 8.3334519073e-3f;
    private const float P3 = 4.1665795894e-2f;
    private const float P4 = 1.6666665459e-1f;
    private const float P5 = 5.0000001201e-1f;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Exp(Vector512<float> x)
    {
        x = Vector512.Min(Vector512.Max(x, Vector512.Create(-Limit)), Vector512.Create(Limit));
        var n = Vector512.Floor(Vector512.FusedMultiplyAdd(x, Vector512.Create(Log2E), Vector512.Create(0.5f)));
        var r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2High), x);
        r = Vector512.FusedMultiplyAdd(n, Vector512.Create(-Ln2Low), r);
        var p = Vector512.FusedMultiplyAdd(Vector512.Create(P0), r, Vector512.Create(P1));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P2));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P3));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P4));
        p = Vector512.FusedMultiplyAdd(p, r, Vector512.Create(P5));
        p = Vector512.FusedMultiplyAdd(p, r * r, r + Vector512<float>.One);
        if (Avx512F.IsSupported)
        {
            return Avx512F.Scale(p, n);
        }

        var scale = Vector512.ShiftLeft(Vector512.ConvertToInt32(n) + Vector512.Create(127), 23).AsSingle();
        return p * scale;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Exp(Vector256<float> x)
    {
        x = Vector256.Min(Vector256.Max(x, Vector256.Create(-Limit)), Vector256.Create(Limit));
        var n = Vector256.Floor(Vector256.FusedMultiplyAdd(x, Vector256.Create(Log2E), Vector256.Create(0.5f)));
        var r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2High), x);
        r = Vector256.FusedMultiplyAdd(n, Vector256.Create(-Ln2Low), r);
        var p = Vector256.FusedMultiplyAdd(Vector256.Create(P0), r, Vector256.Create(P1));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P2));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P3));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P4));
        p = Vector256.FusedMultiplyAdd(p, r, Vector256.Create(P5));
        p = Vector256.FusedMultiplyAdd(p, r * r, r + Vector256<float>.One);
        var scale = Vector256.ShiftLeft(Vector256.ConvertToInt32(n) + Vector256.Create(127), 23).AsSingle();
        return p * scale;
    }
}
