using CudaImages.Signing;
using Shouldly;

namespace CudaImages.Tests.Signing;

public sealed class KeylessIdentityTests
{
    [Fact]
    public void Keyless_signature_in_a_GitHub_workflow_records_the_identity_its_certificate_names()
    {
        CosignKeyless.Identity("https://github.com/", "acme/cuda/.github/workflows/images.yml@refs/heads/main")
            .ShouldBe("GitHub OIDC: https://github.com/acme/cuda/.github/workflows/images.yml@refs/heads/main");
    }

    [Theory]
    [InlineData(null, "acme/cuda/.github/workflows/images.yml@refs/heads/main")]
    [InlineData("https://github.com", null)]
    [InlineData("https://github.com", " ")]
    public void Keyless_signature_outside_a_workflow_records_only_the_issuer(string? serverUrl, string? workflowRef)
    {
        CosignKeyless.Identity(serverUrl, workflowRef).ShouldBe("GitHub OIDC");
    }
}
