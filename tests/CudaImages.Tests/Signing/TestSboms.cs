namespace CudaImages.Tests.Signing;

/// <summary>Small valid SBOMs as the SBOM step writes them: SPDX 2.3 and CycloneDX 1.6, one Debian package whose purl names the image's architecture.</summary>
static class TestSboms
{
    public static void Write(string directory, string tag, string architecture = "amd64")
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, tag + ".spdx.json"), $$$"""
            {"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"{{{tag}}}",
             "documentNamespace":"https://example.invalid/spdx/{{{tag}}}","creationInfo":{"created":"2026-11-30T00:00:00Z","creators":["Tool: cudaimages"]},
             "packages":[{"name":"libc6","SPDXID":"SPDXRef-Package-libc6","versionInfo":"2.36-9+deb12u14","downloadLocation":"NOASSERTION",
               "externalRefs":[{"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch={{{architecture}}}&distro=debian-12"}]}]}
            """);
        File.WriteAllText(Path.Combine(directory, tag + ".cdx.json"), $$$"""
            {"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"metadata":{"component":{"type":"container","name":"{{{tag}}}"}},
             "components":[{"type":"library","name":"libc6","version":"2.36-9+deb12u14","purl":"pkg:deb/debian/libc6@2.36-9%2Bdeb12u14?arch={{{architecture}}}&distro=debian-12"}]}
            """);
    }
}
