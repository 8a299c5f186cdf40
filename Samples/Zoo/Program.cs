using Strata.Zoo;

if (args.Length == 1 && args[0] == "--summary")
{
    foreach (var (name, parameters, _) in ZooCatalog.Models)
    {
        Console.WriteLine(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} params: {parameters}"));
    }

    return 0;
}

Console.Error.WriteLine("usage: Zoo --summary");
return 2;
