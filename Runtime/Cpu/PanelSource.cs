namespace Strata.Cpu;

/// <summary>
/// Where the micro-kernel finds B's column panels: the first <see cref="_inPlacePanels"/> are read straight from a
/// row-major B (k-rows <see cref="_ldb"/> apart), the rest from packed, zero-padded panels (k-rows one panel apart).
/// </summary>
internal readonly unsafe struct PanelSource
{
    private readonly float* _b;
    private readonly nint _ldb;
    private readonly int _inPlacePanels;
    private readonly float* _packed;
    private readonly int _panelColumns;
    private readonly int _depth;

    public PanelSource(float* b, nint ldb, int inPlacePanels, float* packed, int panelColumns, int depth)
    {
        _b = b;
        _ldb = ldb;
        _inPlacePanels = inPlacePanels;
        _packed = packed;
        _panelColumns = panelColumns;
        _depth = depth;
    }

    /// <summary>The first k-row of <paramref name="panel"/>, and the floats between successive k-rows.</summary>
    public float* Panel(int panel, out nint stride)
    {
        if (panel < _inPlacePanels)
        {
            stride = _ldb;
            return _b + (nint)panel * _panelColumns;
        }

        stride = _panelColumns;
        return _packed + (nint)(panel - _inPlacePanels) * _panelColumns * _depth;
    }
}
