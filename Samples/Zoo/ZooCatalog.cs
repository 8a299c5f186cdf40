namespace Strata.Zoo;

/// <summary>Every zoo model at ImageNet settings (3×224×224, 1,000 classes; the FCN at d2l's VOC settings, 3×320×480, 21 classes), with what the generator knows at build time.</summary>
public static class ZooCatalog
{
    /// <summary>Name, parameter count and summary table, in the order --summary prints them; nothing here allocates weights.</summary>
    public static IReadOnlyList<(string Name, long Parameters, string Summary)> Models { get; } =
    [
        ("AlexNet", AlexNet.ParameterCount, AlexNet.SummaryText),
        ("AlexNetD2l", AlexNetD2l.ParameterCount, AlexNetD2l.SummaryText),
        ("VGG11", Vgg11.ParameterCount, Vgg11.SummaryText),
        ("VGG16", Vgg16.ParameterCount, Vgg16.SummaryText),
        ("NiN", NiN.ParameterCount, NiN.SummaryText),
        ("GoogLeNet", GoogLeNet.ParameterCount, GoogLeNet.SummaryText),
        ("ResNet18", ResNet18.ParameterCount, ResNet18.SummaryText),
        ("ResNet34", ResNet34.ParameterCount, ResNet34.SummaryText),
        ("ResNet50", ResNet50.ParameterCount, ResNet50.SummaryText),
        ("DenseNet121", DenseNet121.ParameterCount, DenseNet121.SummaryText),
        ("MobileNetV1", MobileNetV1.ParameterCount, MobileNetV1.SummaryText),
        ("MobileNetV2", MobileNetV2.ParameterCount, MobileNetV2.SummaryText),
        ("FcnResNet18", FcnResNet18.ParameterCount, FcnResNet18.SummaryText),
    ];
}
