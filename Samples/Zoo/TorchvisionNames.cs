namespace Strata.Zoo;

/// <summary>
/// Maps the zoo's parameter and buffer names to torchvision's state_dict keys, so torchvision's weights can be loaded
/// by name. Strata names a parameter by the path of properties to it (<c>Net.Layer2.0.Downsample0.weight</c>);
/// torchvision by its module path (<c>layer2.0.downsample.0.weight</c>).
/// </summary>
/// <remarks>
/// The ResNets (<see cref="ResNet18"/>, <see cref="ResNet34"/>, <see cref="ResNet50"/>) map segment by segment:
/// <list type="table">
/// <listheader><term>Strata</term><description>torchvision</description></listheader>
/// <item><term><c>Net.</c> (the body block's property)</term><description>dropped</description></item>
/// <item><term><c>Conv1</c>, <c>Bn1</c>, <c>MaxPool</c> (stem)</term><description><c>conv1</c>, <c>bn1</c>, <c>maxpool</c></description></item>
/// <item><term><c>Layer1</c> … <c>Layer4</c>, then the block index</term><description><c>layer1</c> … <c>layer4</c>, the same index</description></item>
/// <item><term><c>Conv1</c> … <c>Conv3</c>, <c>Bn1</c> … <c>Bn3</c> (in a block)</term><description><c>conv1</c> … <c>conv3</c>, <c>bn1</c> … <c>bn3</c></description></item>
/// <item><term><c>Downsample0</c>, <c>Downsample1</c></term><description><c>downsample.0</c>, <c>downsample.1</c></description></item>
/// <item><term><c>Fc</c></term><description><c>fc</c></description></item>
/// <item><term><c>weight</c>, <c>bias</c>, <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c></term><description>unchanged</description></item>
/// </list>
/// <see cref="AlexNet"/>'s properties carry torchvision's Sequential indices (which count the ReLUs and pools):
/// <c>Features3.weight</c> → <c>features.3.weight</c>, <c>Classifier6.bias</c> → <c>classifier.6.bias</c>.
/// </remarks>
public static class TorchvisionNames
{
    /// <summary>torchvision's key for a ResNet name of this zoo, by the table above.</summary>
    public static string ResNet(string strataName)
    {
        var segments = strataName.Split('.').ToList();
        if (segments[0] == "Net")
        {
            segments.RemoveAt(0);
        }

        return string.Join('.', segments.Select(ResNetSegment));
    }

    /// <summary>torchvision's key for an <see cref="AlexNet"/> name: <c>Features3.weight</c> → <c>features.3.weight</c>.</summary>
    public static string AlexNet(string strataName)
    {
        var dot = strataName.IndexOf('.', StringComparison.Ordinal);
        var module = strataName[..dot];
        foreach (var sequential in new[] { "Features", "Classifier" })
        {
            if (module.StartsWith(sequential, StringComparison.Ordinal) && module.Length > sequential.Length)
            {
                return sequential.ToLowerInvariant() + "." + module[sequential.Length..] + strataName[dot..];
            }
        }

        throw new ArgumentException($"'{strataName}' is no AlexNet parameter.", nameof(strataName));
    }

    private static string ResNetSegment(string segment) => segment switch
    {
        "Downsample0" => "downsample.0",
        "Downsample1" => "downsample.1",
        "Conv1" or "Conv2" or "Conv3" or "Bn1" or "Bn2" or "Bn3" or "Layer1" or "Layer2" or "Layer3" or "Layer4" or "Fc" or "MaxPool"
            => char.ToLowerInvariant(segment[0]) + segment[1..],
        _ when segment.Length > 0 && (char.IsDigit(segment[0]) || char.IsLower(segment[0])) => segment,
        _ => throw new ArgumentException($"'{segment}' has no torchvision ResNet name.", nameof(segment)),
    };
}
