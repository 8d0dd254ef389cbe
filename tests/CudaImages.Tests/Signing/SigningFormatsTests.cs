using System.Security.Cryptography;
using System.Text;
using CudaImages.Publishing.Attachments;
using CudaImages.Signing;

namespace CudaImages.Tests.Signing;

/// <summary>The byte formats cosign reads: simple signing payloads, DSSE's pre-authentication encoding, attachment tags, signatures.</summary>
public class SigningFormatsTests
{
    const string Digest = "sha256:a87a5849ea5c237236b6d73e13625123d4daee652e12a28d216a7555b244b445";

    [Fact]
    public void Attachment_tags_follow_cosign_sha256_dash_hex_dot_kind() =>
        new[] { AttachmentKind.Signature, AttachmentKind.Sbom, AttachmentKind.Attestation }.Select(k => AttachmentKinds.CosignTag(Digest, k))
            .ShouldBe([
                "sha256-a87a5849ea5c237236b6d73e13625123d4daee652e12a28d216a7555b244b445.sig",
                "sha256-a87a5849ea5c237236b6d73e13625123d4daee652e12a28d216a7555b244b445.sbom",
                "sha256-a87a5849ea5c237236b6d73e13625123d4daee652e12a28d216a7555b244b445.att",
            ]);

    [Fact]
    public void Simple_signing_payload_names_the_repository_and_the_digest_it_vouches_for()
    {
        var payload = SimpleSigning.Payload("ghcr.io/acme/cuda", Digest);

        Encoding.UTF8.GetString(payload).ShouldBe(
            """{"critical":{"identity":{"docker-reference":"ghcr.io/acme/cuda"},"image":{"docker-manifest-digest":"sha256:a87a5849ea5c237236b6d73e13625123d4daee652e12a28d216a7555b244b445"},"type":"cosign container image signature"},"optional":null}""");
        SimpleSigning.DigestIn(payload).ShouldBe(Digest);
    }

    [Fact]
    public void Dsse_pre_authentication_encoding_is_the_specs_example() =>
        // The DSSE protocol's own test vector.
        Encoding.UTF8.GetString(Dsse.PreAuthenticationEncoding("http://example.com/HelloWorld", Encoding.UTF8.GetBytes("hello world")))
            .ShouldBe("DSSEv1 29 http://example.com/HelloWorld 11 hello world");

    [Fact]
    public void Signature_key_accepts_the_signature_of_its_private_key_and_rejects_a_changed_payload()
    {
        using var ecdsa = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var payload = SimpleSigning.Payload("localhost:5000/cuda", Digest);
        var signature = Convert.ToBase64String(ecdsa.SignData(payload, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        using var key = SignatureKey.FromPem(ecdsa.ExportSubjectPublicKeyInfoPem(), "test key");

        key.Signed(payload, signature).ShouldBeTrue();
        key.Signed(SimpleSigning.Payload("localhost:5000/cuda", Digest.Replace('a', 'b')), signature).ShouldBeFalse();
        key.Signed(payload, "not base64!").ShouldBeFalse();
    }

    [Fact]
    public void Key_fingerprint_is_what_openssl_and_sha256sum_print_for_the_public_key_s_der_form()
    {
        // Expected value from: openssl pkey -pubin -in cosign.pub -outform DER | sha256sum
        using var key = SignatureKey.FromPem("""
            -----BEGIN PUBLIC KEY-----
            MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEyUwBo94y9nkNPAiCYqW7BNArcAn+
            feipUZG64bMKvXAGfJXxQMEykU+tAs36n0ROxx0qL8QS+FmcR1abegXOUw==
            -----END PUBLIC KEY-----
            """, "test key");

        key.Fingerprint.ShouldBe("sha256:24e7f0e2fac1449d984566b36862a451fca1d21e706523dddde0488935ba1261");
    }

    [Fact]
    public void A_key_that_is_not_a_public_key_is_bad_input_naming_the_parameter() =>
        Should.Throw<InputException>(() => SignatureKey.FromPem("-----BEGIN NOTHING-----\n-----END NOTHING-----\n", "--key"))
            .Message.ShouldStartWith("--key is not an ECDSA public key in PEM");

    [Fact]
    public void Signing_key_that_is_neither_a_file_nor_a_PEM_fails_without_repeating_the_value()
    {
        var value = "/nonexistent/" + Guid.NewGuid().ToString("n") + "/cosign.key";

        var error = Should.Throw<SigningException>(() => SigningKey.Read(value));

        error.Message.ShouldNotContain(value);
        error.Message.ShouldContain("--signing-key names no key file and holds no PEM key");
    }

    [Fact]
    public void In_toto_statement_names_its_subject_by_algorithm_and_hex()
    {
        var statement = InTotoStatement.Of("localhost:5000/cuda", Digest, InTotoStatement.SlsaProvenance, new System.Text.Json.Nodes.JsonObject());

        var read = InTotoStatement.Read(statement)!.Value;

        read.PredicateType.ShouldBe(InTotoStatement.SlsaProvenance);
        read.Subjects.ShouldBe([Digest]);
        Encoding.UTF8.GetString(statement).ShouldContain("\"_type\":\"https://in-toto.io/Statement/v1\"");
    }
}
