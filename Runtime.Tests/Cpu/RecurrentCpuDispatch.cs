using Strata.Cpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>Calls RnnCpu (tanh or relu), LstmCpu or GruCpu by kind, so one test body serves every cell.</summary>
internal static class RecurrentCpuDispatch
{
    public static int SavedLength(RecurrentKind kind, RecurrentGeometry g) => kind switch
    {
        RecurrentKind.Lstm => LstmCpu.SavedLength(g),
        RecurrentKind.Gru => GruCpu.SavedLength(g),
        _ => RnnCpu.SavedLength(g),
    };

    public static void Forward(
        RecurrentKind kind, RecurrentGeometry g, Tensor x, RecurrentWeights w, Tensor y, Tensor? saved, CpuWorkspace workspace,
        RecurrentOptions options, Tensor? h0, Tensor? c0, Tensor? hN, Tensor? cN)
    {
        switch (kind)
        {
            case RecurrentKind.RnnTanh:
                RnnCpu.Forward<TanhActivation>(g, x, w, y, saved, workspace, options, h0, hN);
                break;
            case RecurrentKind.RnnRelu:
                RnnCpu.Forward<ReluActivation>(g, x, w, y, saved, workspace, options, h0, hN);
                break;
            case RecurrentKind.Lstm:
                LstmCpu.Forward(g, x, w, y, saved, workspace, options, h0, c0, hN, cN);
                break;
            default:
                GruCpu.Forward(g, x, w, y, saved, workspace, options, h0, hN);
                break;
        }
    }

    public static void Backward(
        RecurrentKind kind, RecurrentGeometry g, Tensor x, RecurrentWeights w, Tensor saved, Tensor dy, RecurrentWeights gradients,
        CpuWorkspace workspace, RecurrentOptions options, Tensor? dhN, Tensor? dcN, Tensor? dx, bool accumulateDx, Tensor? dh0, Tensor? dc0)
    {
        switch (kind)
        {
            case RecurrentKind.RnnTanh:
                RnnCpu.Backward<TanhActivation>(g, x, w, saved, dy, gradients, workspace, options, dhN, dx, accumulateDx, dh0);
                break;
            case RecurrentKind.RnnRelu:
                RnnCpu.Backward<ReluActivation>(g, x, w, saved, dy, gradients, workspace, options, dhN, dx, accumulateDx, dh0);
                break;
            case RecurrentKind.Lstm:
                LstmCpu.Backward(g, x, w, saved, dy, gradients, workspace, options, dhN, dcN, dx, accumulateDx, dh0, dc0);
                break;
            default:
                GruCpu.Backward(g, x, w, saved, dy, gradients, workspace, options, dhN, dx, accumulateDx, dh0);
                break;
        }
    }
}
