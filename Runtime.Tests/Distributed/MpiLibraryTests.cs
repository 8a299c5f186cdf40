using Strata.Distributed;

namespace Strata.Runtime.Tests.Distributed;

public sealed class MpiLibraryTests
{
    [Fact]
    public void The_missing_library_message_names_the_install_command_and_the_launcher()
    {
        var message = MpiLibrary.MissingMessage();
        Assert.Contains("apt-get install -y mpich", message);
        Assert.Contains("mpiexec.mpich -n", message);
        Assert.Contains("libmpich.so.12", message);
    }
}
