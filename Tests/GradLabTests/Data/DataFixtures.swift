import Foundation

import GradLab
import GradLabData
import GradLabFastPaths
import GradLabKernels
import GradLabReports
import Testing

/// Test data for the Data readers, shared by the tests in this folder.
///
/// The compressed fixtures were made by Python's zlib and gzip modules (Python 3.11, zlib 1.2.13),
/// not by GradLab, from plaintexts that the tests rebuild with the rules below, so every
/// expected output is independent of the code under test:
///
/// ```python
/// def raw(data, level=6, strategy=zlib.Z_DEFAULT_STRATEGY, memLevel=8, flushes=()):
///     c = zlib.compressobj(level, zlib.DEFLATED, -15, memLevel, strategy)  # raw DEFLATE
///     ...  # c.flush(zlib.Z_SYNC_FLUSH) after each cut in `flushes`, then c.flush()
/// stored     = raw(lines(5), level=0, flushes=(100,))       # two stored blocks
/// fixed      = raw(lines(40), strategy=zlib.Z_FIXED)        # fixed Huffman
/// dynamic    = raw(lines(40), level=9)                      # dynamic Huffman
/// manyBlocks = raw(lines(60), level=9, memLevel=1)          # many small dynamic blocks
/// repeats    = raw(repeated_runs(), level=9)                   # overlapping copies, distance 31000
/// skewed     = raw(lcg_letters(8000, 1, rare_every=97), level=9)  # codes longer than the root tables
/// empty      = raw(b"")
/// ```
///
/// `skewed` has literal/length codes up to 13 bits and distance codes up to 9 bits (read from its
/// block header with a separate Python script), so it exercises both subtables.
enum DataFixtures {
    // stored: 275 bytes, first block type 0, plaintext lines(5)
    static let stored = "0064009bff6c696e6520303a2074686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920646f670a6c696e6520313a2074686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920000000ffff01a0005fff646f670a6c696e6520323a2074686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920646f670a6c696e6520333a2074686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920646f670a6c696e6520343a2074686520717569636b2062726f776e20666f78206a756d7073206f76657220746865206c617a7920646f670a"
    // fixed: 197 bytes, first block type 1, plaintext lines(40)
    static let fixed = "cbc9cc4b5530b05228c94855282ccd4cce56482aca2fcf5348cbaf50c82acd2d2856c82f4b2d024be72456552aa4e4a773e580f41892a1c7880c3dc664e83121438f29197accc8d0634e861e0b32f4589213a7642504725282213949c1909cb460484e62302427351892931c0cc9490f86e4240843725284113929c288acb2819c1461444e8a30222745189193228cc8491146e4a40823725284113929c2989c14614c4e8a3026abba202745189393228cc94911c6e4a40863725284313929c298c4140100"
    // dynamic: 161 bytes, first block type 2, plaintext lines(40)
    static let dynamic = "9dd55b16c1500c46e177a3c810e40f2d66e37268397a68d56df41633b09fb3f653be95e4b64b365dd9ad49761ddbedc9367d7974b62f4f3b8ee7cb60e59efadf38afdf2fdb95c3247f1b078d4013a09981660e9a0a34356816a059929d22084482130a4e2c38c1e04483130e4e3c3801e144848808a1db40448888101121224244848808111122228288082222d0bb20228288082222888820228288883f457c00"
    // manyBlocks: 217 bytes, first block type 2, plaintext lines(60)
    static let manyBlocks = "9cd5c911c2400c05d13b512804a43facd9b08cc13078c06016474f41087d56f549afa4d276d9a66b7b1cb3dd867677b66d5f5f9d35f56da7e172bd5b7de6fe3f2e9bf163fb7a98945fe3a009d00834093433d0cc41b300cd12342bb2530481487042c1890527189c6870c2c1890727209c88082222d06d2022828808222288882022828808222288081111222284de0511212242448488081111222244442422227d3bad63020000188641a61affd6a66178e040444c448c0621222622262226222622262212118988444422224aa5884844242212113d451c"
    // repeats: 778 bytes, first block type 2, plaintext repeatedRuns()
    static let repeats = "edddc7ad25390c05d071897528f2b6e4281ffda87398cd7cdc0342000b554f7c22f7faf50b007eba7d2e028140207e58fcf1e75f7fff83050b961fbd48a58d753ec42fe58204091224489020f95f269f62424741b2db54d50c65e443d653fbf6342ae68f56b32c3bcf960fab9a5a6cbbddaad5154565038b99bebbac63cc521552c76429b735224de99b969ec231e386d6a7c852f84bbd06db4888196d10b6553ef49cb5a45542a4ce9295e974a1c2beab887d2df9f60a38961d59f83e8cbb682d31d58d79bf1d74bd8ddccec3b5ac751633073f6294cc733d3b913c2276be64e5db6b2d3377bcc79aee17448ac2acd5649563b0cdb83d7a7daf7cc77cb0cbe49e0db95b5a58a959b97ad54eab5488272e260bdebab575d0de92d4628ec9ac2c8213afdeaeb5ab68417c3bf2ec0b9b82cf76e36c4d3bb9a7568cb9dccdab539ce0ee7bf7ea70d535b7982deeea63cff11ee52e465f32ed12a6527e9aaee4b8bd9fd70df1bd22d9ca5f119739bef7fbb2bcc3346dddac8374c5bc16df59b99061d26b9a15491d3954eeb2fbac0e2f73276b7c22479104f3d35a9b799ae76a29c6a0413ebe624ecedac75e4ab03cddd70de98ee6c6ebb7a7bf355f95e3509e529e34ecebe40e8be729772cf13a15cd97dcf2b3d4286590d55e5b62346331a266be33e8b091da32be54fd89ba5d4a69b95ccd34958ee1fa4d9031933e49eb6cd18d181f251df3daf6b53571567ab5db45e2d6a4a99d536cb19a14cf75be0d6279fb6d574970d6482fd1dedcb21eb9e1b2a93a8badef0f86d4c6eeb5c83ade03e2f91db370a2a511f4c8617d519a55cb56ced64f5bd1538ec606328b8da6366f2b9ea44522f166c270a175e334fc8dc52fa9ba7e27a458da4756d74e71ec93aed6787ff7a993fade4cee18c36099ca0ccaeacf0a5eb53fdacde5be214751b24513de607af37b70529cd68db4b55de724ba46445b180df9e5651c5961b5afac1c16d21f00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000ff11dc8b8c7b91712ff2cfbf17f95f"
    // skewed: 5090 bytes, first block type 2, plaintext lcgLetters(8000, seed: 1, rareEvery: 97)
    static let skewed = "1d99e7ba2d5157944530002a2a481010236222a3822820265041b88399f398395ebdd5df9ff39cb0ba77f71c35aade5ae7afd4f49a8dcc673578d871bcb19c4ab6e8cb4bdfcc0bb17cd65e29c5fdbb91943aa13fc3fad1eb683d45bb5e4e235208c11daf46e63b2ca9ab77f6b0f17ec8adccc5c832c960e76dfb2589fbf6e6ba59a30fdab6b8e0fadb81f6598bd7935be4f6c9b8ee38728dc855f6c1dc9b852f3cbac41beb355aff845571fdd55aec8b8612572936c1f1c34da5c0a66aabf715ccb6b3ad97a79c39c8bbe4f026a8867be4d15bf46edf91adb6417163df9235c71d6f6841dbc6137efd61bc7358deba11eb9aeb30773bbdd4448b810fae8e723e0ea92ec972b9e6e2e9777536c5b44044384e316a082531bc455fd91eda7ce9cbaeddaa92353f22fc52f58a9a872827ac6a0a9f5e0e59c4a2b46bbbf33b6c96ac1d632fce5794af7977a8358d9fa7af4b33eea9e96ec9f35cfe5a755b34a744b3df167f8df5c84f302705a67c74eaf2c79f0fc3e1a799f9e22a233b799e131acfe94a1f6bdee0af493c3b5229a7f91c4bdec6a0b4b6d3c5706ce4d5ca4ccf3ffaeb91bbc8e376ab506d8fa52c745292a65994835fae9f74a5e3335fe754242ff429be58b25c5ab1973cf1c8617cba73d68e13f642e9b69232abcc5e8efe1bc56529a6aebc2c26b36d2dc8ae23e9224cb165c7d2c8d422f069df77d82bd03b8db1830ff488031d5aa7e2aaaf35785774d5bdb665525fafac5decfc9b4716ce4b2037cb51a58e293f597b713cc9534d388bd6738bb32ec9747d27f599db1547de9e6ee1e4a2b1bd726173cecdc5d8ea3e2f979399397ef21fbdc1cde7171f219aa914e6a845ead63156dfba1899875c598e852de9666d74156b76a737875ea664a7fa74666f25d4d59b437021276369b330e9acf7636bf69d731a32ebecc582603455e58bc74745dfa614b5d329b914b70cce5285dd3c2b7cab17b0b8b27a9d531c392d673ae3157b7753c06ef55063f1e9c7e71889fbabb1af781c5b4bde7b987e645dbd2af630b81ce5b2c59afd2d510dd538bcc809076f625872cde0e4f75a3166234fc82ef45b74f48605b9e86f2543388492edcaead19b7e7b5f4a2a239ecbf39db005abbb692e3d7eb18f52aab85b82d8435a2b1b26dbd83a07c5845a81677d9e965ef4abd3c44298bf7dbabad9401a12fb9d9e18b688abed1e368f3bd90dd16aa3aa0c2ce844fb1e2bbdb1e3e58bb719b368db9b79d33629efb3cb91284d3b5d4ad58d65f27fe73e8f0959696276839f2b781272294322309315ab9ac7a15249fcc07c82835cf49a98ade5591a7d77b22762d908e7c273ebc44287ab1c38f0f8e4f91366bd50cf18dedef4c8c9b642b73adadde4d6aacd40bded60b07ed95d21f6ae6a4cb6520d926951609556cdd402245d53145c4bb105558b857c8587f67787e4f24ccb83e697efab97c5f24b5ee5b981b11d450e584a2e66ae37db3807f1a23c86ee208d1cb8bee176cb3d5f14d99382e321727fcecd058514f9f75cda7aeb1a2e2d7bbdd651b361bf2010a7d5186a35bc8730e55b5ac5869c5067699f4dab3ccc7dceb3ce168cdfeb569de8c155a1f8a6065318db4df7f72d1b51eb6294b83b3347da2a7bcec6ec993db6242f3d9be3327395093ae6cb792339057d7e7cebf08782484305758d249e4977e99e64abdf57e5d23f896333ded5c01c1e7ec7844d50754e3eb581d0cb4c27da8ed0bbb695da26c35858f101d7abf4c5d4def79974d3be3151cd2c971c36452791b24473fd5474f40672b3981184f31e91077bbcdd47c6370fd625f69aee1e5ed0b4987706ed71ca946da12c0eb3515014116e87c7bbd59f968f484b8f1a63c2e9fe8321d29131905af126553919b877a6085b35b6ba3eaf2519f2814475adbedf55a27a0faf2f2e0e99e112fded338ccd6069f67034690adf5f4a1be1f5d3b58b27e8283afd7df69c1083db61cd5cdbc241e7a59d2dde3a66282ff8698ab3508acc4a1ab1afb1fbcce0b66d51bcde886d562f4d44e3142a236c7f46d7d2f1e14d8a826b2a57fd6cb0b7a934bbaa0770c1c3f996ff3e448a15a9d6d80e9bd2f062e5e4f1cc465fc6c511dd2e2c8b1936321d21bab21cf66771a1add7f7b35fddcf102b4a21714f74700dd6810ad770515c6c1ea7049339c9cad178977d7e67c1b19a275737e54648db23d5b9b8a62feeabf741ff5c1565dc22ab1d6dc4c16abf19bb691c58ecdca77cb89a21fad6325ac864f8a99a1edb360ea79150db287948ccf46286a543ad002f6df469d7751795fb87499ba91ba626f7cab75d5bdecb06fe03a9db973e06c09e1072e8c1d4d869319a100ee9aba7a907bb68e6ad9371ed1f0437fae5839d510f12a30c9a3fcf8a90ddde9c678e9d1fa046e7021287983d3f5c595cdcf2f408d215ec98c9979a9365facdfca29a13d2950d24c6f518c2374433f17bfdb41b9827ea2fa4e19ba65cdb67265a681f3a5bd995b760817e9b28134b9886eafa55cca41b21ce1dada589dd2c0b54b79b39da15d586a9eebad7b8cf3e33dd025be61729c74631e2dc64555ca6d5186238efecd58529011e9c2c59360f55b52333878b9a580c1b9d5d1538b78d6d0a4b63071b62296de5c2de45a8635f56fb1ff53ef22026b7978868b0e505e4c29d0b95a49e4a5828373688383d404950928f2a6263a46c48c1116f30d583d5ed026882e34f5f54f76ff7669c147ea947964239e0cb36079b7856a619785b9e116754b83c6165afe22b51c17243f52fd965cce854f0ccf87c70ce0725d686ca4e678a3fa9f4681549afc53f8e6a2b830c01a315ea81e99e62cdcd0258a4198cea8c77e1ae83345e38035836088af370a707a6e4cd53e558a45324ce1ed2785554f9e8c6304ae4fe9f4ca73b2fb7b79b3bc0408be78ce13edeb906686f109c11f4965b13e44adcc979b69c737131eb321818e76aa513c89060d00e969fc560e5fd3bdc8130ff69d7a3e47b19f23226c547eb907a462282e8a86315153c1861a846036c0116d4aa75638d37b2781691415ad492e095cf73d883c78ba46e3c5c9a4db6fcb351afcc158befeb3170854be37189ba64e1cf8e89a86c375ee959221010eb5cefe4373b039e38008fddb9fa704aca5a578b8f50148aeda1ebfde02be69f8b68a91fb1076bd83d555817f128bc4f65a099fc1cde2204d485414df83a7def62ddc3ed4af0af2b0b2064bf9b01dab82f171544962d068ac015c6e47fe1815a4a6f75e2d3886e3ce0dd3bbce564b85713876baf38209628e6742dfbe91673e86419030a493903fc5342826aebc094dee48e5d819281f0432dfce507c7ba6a08a17b365a636aa0562c5c6277310384a22b4ddae0f834358cbfefaddb358d5fa08ac648f5ea538ed70ea098ce53e82330596b06b04e2cf72f6d0d83dd421b48896331dc40fec0a6537722e35e399252555b2f7452d0510d3dca0bfae22f5aa948f3316148fe9876daa8c3025379c6a3dffdf020fd57de0781286d8f7198f349154df36e36a3b64c4a673cf79ecbf590bd136bea01d426514665d26b950781c0f517a13ea91d757332ef1e1da2f79e65f2b4ffcaabb4040e06f873ace26d0fc08270024da34e53ae640d4c9c2ac2b92c415fe4c9e792003f4f6488490c4351e1c9e481b08191d7aba294ee7953bcfefd6b619219bc8e3402376882e58531ed9b2b9e877357bc23b500cac8693f2a52f96163a9fa0d5969381ae11da09955d64928955832894681dc9054208df16fb01d183cdc0c48f8dc5d989645fe80d9631cd67c814dd86ad33dfd20a154f41b16a7078a05ddee9e68a8d55e0b77c9a13e711e03dc2fa2133c57e5f8b7272f8d46752f2ad879c112aad0d178bd3cd013a0a3325427893659173f22bbfdde302702468a0d1de01219019dcaa80c2919114005e087e88585f155ff1ded709035a1f3e9ac319acd900c025ebe7b5d4c1d96add1ea5068b3244b6dd70b2b067728cd10080de0e1c0713ddf9aea66722d5c1afce160986ea3ffd5388e820572fd7d21d13a4670501959c70371e8347b894c71657af4b82b414ea5f70e8e42ef733498319520de3672873cd8e4e74430bd002e2d0504a35f83d408292ad1551688b3816e4584850aac4d8b675b382d3c466eebd1d831219d563a9cb688c216690f2f03fb1d434b955086467f537def31bbd073975f875199e0ef2cd6f5d1d15a8447b227a9211af1a4e6c9e93a51da26a9d2186687d66a5d5b3da93054e96c8ba58f74012d001563d9a10c406d3aae9394fc3750bea864e4a104de9b5ecfe731608422ec74c2952c465c8e25b42363ac67a330f55a2e8379fc41f23dfa7c390bf13df1b531d894cd42f6732b70cffe9b3abd50e453f0db8410ec67a205f9d4ccf78d0cc36602d6375ed61678aacd6f0323ce645be3c076c96ded2a2d5472d47ae6095071afdda50bff01ffebfd5b7342b7c6980364532b37b3c545316e706b25121fb8ab6828971c28bb38f8532d400a50a9a8874204f412b39dbea37522641913eca82d611a4c1299b37e1bec228d2b380a4da33ec38e202faf415beeaecef1a5eb051883f5a2b8ad6509bf8750bb15c15a04744c052514032c50bec0a11e026fcde81eb632e5df415f3eeed5a311dfdc9d8c1bea5237a0060db6e5c42746290d408badf07d33c88c4d520820e8837010f8a3212f34a2a217b45f34e635ee1a4c229bb6cfff1eb078a5afab9aed6b5c2aeaee306b569f257405704beb639a6358de4ae6041c56736b122cd06d29a11ba765804928035cf6531f0854a28b8485f9c8fe1f942bf8f4bd1dce0f175b089755ca9a6a89af4709833a20b466bae0b67c7f8fa887d4223ab3bf1ce0be876a7bb921811ee02f960c2b4c24d35d1691ff4793eb6c7e4d6d3fa6febe577a998d0c2fc5c568d27b8ac568f95b5bcf5f35dadea374b73a30bb30cd9084d2e960c7144beb622a30235cd21e9cd8aeef773db362d6578c4158caa2bd44faa4e3163ac69b002afd09e8fbc2cb5c0effdad6c08a7b89d937243f6b01821b4cb87abb69d20f33b3e7c3f1bd29ef647ecf66b1c25440eaed3c477b017d413d45737415a64c0b18b372151b68fb9030a27c1d3c44c273a9417c3773045311a1456bd6ac19f958f09acee42e64fb4fb26d4472386567001ff4d461d8256908f481dc327b7b39c80a87b08a4eb6eb80aa7ba396bcdaa05ee1ce255b586c2f9a9a43c5dc3d0153db94e0a8fdfbf391c1b92fd1dfeb443794b5a93c1db15dcf0574c120aba7b160c1a81a23465a707b037fc59390c7bb6cf71818f3ac54c887c89ef78d1ce8ac5acefeb365419c810d3d3d386ec8661424ce818452fa7ca40c0af413762f1cab7bd13617cbb10a875bc019e39628cad35a478be9783792298085b530bbe7c5ee7fd949637c18b7a2c2a8d9c8e148edc4b69ada26650f37c056c16e2429d5f499bb710ef6e81b3daf11bcf0c68d63e3efbabaa1928428f50c25842ab4f8070431c179aca6f474a578ace50acb3602baa6d80d7d4de137272c29a3f4e62966bf2fcb127713dd679cd115ec37a3b25591d1485f819fecd51c4830b7fd870388f8306524ea09a64dd3b1ce5255a8c0ec51ce7be845350264d39c7d87f2c4a20dd3af6834c0798f28bae535105f09dcc2c5f056e8fe39ccbaf75a7f74c0c210479eb17516abdcf9ec74d06430f3d54ff7f6adef2b2c0626048cc25127660a5e86831a6fd14dd6e9c24103d054210dce9fdfc62d10b44bf2fc575a233fa03512d3eb98458a9dacffbec32724d1ba0b603282f72bc0128473503dba8ad8d379201f6d980bbfa0d924df340831b054f723687e986dcae63f4ee65594f02977f45e209a1dbc0ad0e63fe36d41f83002eb87c64607b0b666ec3a2a8d815125b2b27d78b60a68a6ae0d3e52fddc89f8dbdd062481ceffed8d880e88e2ac433e6cf5b2e4f86cf25c26051348dbe19db2e467f8600c9a22f11240edf55a47d18719558cb83a76b857b217b55518140a9bbe7a1bfe3b53c33e409c81483227a2fa4235b2653a5ee4f098adf755f864586760a58e8c6b8d0ae91f485f8892d27af88d5c88f461c11a1719972174f99acef17f40c4f8cb02305341bcefff6f1ad5ea5e574ca9c8858dfb9597816150ead69a2ce817b5084a475a680bb2453b7fecd618819f728f20629231c05875f4ee7fc2c9662b62c53df87610d4bbb20a36c1fe0b950995b27c5f212ad76bec967198320a434cd4c9a08f6846e1cd973a08fd29d42064401891ba86ae3555f7bf6adb414eced4e9b2907ab00f005c5232a039c1db98d8384be8e749e0ae4d9c4f9476b2836b1ed9e1158b20a10f6690f456fd208fb4790d253b4d6eec9f34d369245835440a2bc5b9d0b3c01ae11f969dae517a89679907734c1124088af82484c106e4fa1d61edcc024162350b3e57537e02240257f26d44f9a798b9a5480abd5a7f55e603ad6df7b6cc809650eed101d4de72f03166c5818134f0ea31487f3be67364861dbb67b0567eae6e80aa05a5c3e38dbfaefbbf9f7e567fc532cf37ab0c686aa7f806454a2713e3317f444866653466fb2424d636a2b10495c1ad1c4dc165b8f95b1ed224dedc4d8e8748d1a3d8c4f67f648008487c261bf25a0608976c5d1f38323d3b985ce652f804cc17b5bea762ca4e34916c371fdd7b44674266767406268144712c2ebc470cebaba2f8bfca0d8dc814b1233812aa35cca7b36aa1f6a8994b1a7cf2aa54e20070a33cecf1401d6c94f84ad04d6a6756a3cdc9b93db08652638164d7e109ae74f49f39fd8838138a893ec8175d14d7382a7021ae9ed8fe65609b1775bb3c7ec53d6426a7919d1942a15a3bb952f422b6d6de3e1b7f1a3181da5a24818bff9ce411dc6d6627e915b9c90d053b63ebc050688ed04b079f16c2a526837700815c00208563c0d238f6687734944681be5f3a8aaa11a29a69e09b2f3afdffbe6571b67387b8d815548d555b39f8d80ac0c99fa8d5051d7375be4e82f24f03dcad316d273543b19caa6072ccf66a983fced4dd40dd2ff303d38bfc2fa8de909ddd70efcc9db528ec8fa33a6b3a6737b37c9268ef818143050a32791ff1afb659d4c4aade528f0dc19e2b94ee0c7cebf279b6d94a987c3a337fb92b0f550dcc0d3e5d3ae5af1925549eeb9e1e64ee744ec3bbb23e62fc7f"
    // empty: 2 bytes, first block type 1, plaintext []
    static let empty = "0300"
    // gzip of lines(10) with FEXTRA, FNAME, FCOMMENT and FHCRC (header CRC 0x9d9c)
    static let gzipAllFlags = "1f8b081e00f15365000306004142020068696c696e65732e747874006120636f6d6d656e74009c9d9dcbd71540300005d07f53bc11f4b68d128448b468d33b6ce07ddf7395d4026e8ead1398adac06948b39341a73a2b7e3b4c2ec62f95815f785dab48e7a8f471c9f38017142e244c48989931027254ef6ef3c1de0e98408020000"
    // gzip.compress(lines(10), mtime=0): CRC-32 0x84e9e01d, ISIZE 520
    static let gzipPlain = "1f8b08000000000002039dcbd71540300005d07f53bc11f4b68d128448b468d33b6ce07ddf7395d4026e8ead1398adac06948b39341a73a2b7e3b4c2ec62f95815f785dab48e7a8f471c9f38017142e244c48989931027254ef6ef3c1de0e98408020000"
    // gzip.compress(lines(3)) + gzip.compress("second member\n")
    static let gzipTwoMembers = "1f8b0800000000000203cbc9cc4b5530b05228c94855282ccd4cce56482aca2fcf5348cbaf50c82acd2d2856c82f4b2d024be72456552aa4e4a773e580f41892a1c788343d007a380b949c0000001f8b08000000000002032b4e4dcecf4b51c84dcd4d4a2de2020036184b0e0e000000"
    static let gzipEmpty = "1f8b080000000000020303000000000000000000"
    // gzip.compress(IDX 2×3 of 1...6, mtime=0)
    static let idxGzip = "1f8b08000000000002036360e0606260600061664626661656360048943ee512000000"

    // MARK: Plaintext rules (the same rules the Python generator used)

    /// `"line 0: the quick brown fox jumps over the lazy dog\n"`, ... for `0..<count`.
    static func lines(_ count: Int) -> [UInt8] {
        (0..<count).flatMap { Array("line \($0): the quick brown fox jumps over the lazy dog\n".utf8) }
    }

    /// Lowercase letters from the C library's classic LCG `x = (x·1103515245 + 12345) mod 2³¹`,
    /// letter `97 + (x >> 16) mod 26`; if `rareEvery > 0`, every `rareEvery`-th byte is instead
    /// `(i / rareEvery) mod 256`, so all 256 byte values occur, most of them rarely.
    static func lcgLetters(_ count: Int, seed: UInt64 = 1, rareEvery: Int = 0) -> [UInt8] {
        var x = seed
        return (0..<count).map { index in
            if rareEvery > 0 && index % rareEvery == 0 { return UInt8((index / rareEvery) % 256) }
            x = (x &* 1_103_515_245 &+ 12345) & 0x7FFF_FFFF
            return UInt8(97 + (x >> 16) % 26)
        }
    }

    /// Runs for every copy path: 1000 × "A" (distance 1), "xyz" × 500 (distance 3),
    /// `i mod 5` (distance 5), `100 + i mod 13` (distance 13, overlapping), then 1000 LCG letters,
    /// 30000 zeros and the same 1000 letters again (distance 31000, the 13-extra-bit code).
    static func repeatedRuns() -> [UInt8] {
        var bytes = [UInt8](repeating: UInt8(ascii: "A"), count: 1000)
        for _ in 0..<500 { bytes += Array("xyz".utf8) }
        bytes += (0..<1000).map { UInt8($0 % 5) }
        bytes += (0..<2000).map { UInt8(100 + $0 % 13) }
        let block = lcgLetters(1000, seed: 7)
        bytes += block + [UInt8](repeating: 0, count: 30000) + block
        return bytes
    }

    // MARK: Helpers

    /// The bytes of a hexadecimal string (two digits per byte).
    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        precondition(digits.count % 2 == 0, "odd number of hex digits")
        func value(_ digit: UInt8) -> UInt8 {
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit - UInt8(ascii: "a") + 10
            default: preconditionFailure("not a hex digit: \(digit)")
            }
        }
        return stride(from: 0, to: digits.count, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) }
    }

    /// The shipped MNIST files: `Sources/MNISTData/mnist`, found from this source file's path
    /// (`Tests/GradLabTests/Data/` is three folders below the package root).
    static let mnistDirectory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()  // Data
        .deletingLastPathComponent()  // GradLabTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // package root
        .appendingPathComponent("Sources/MNISTData/mnist")

    /// A new empty temporary directory for file tests.
    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("gradlab-data-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// An IDX file of unsigned bytes: header (magic 00 00 08, dimension count, big-endian sizes),
    /// then `data`. Built by hand here so the IDX reader is tested against the format itself.
    static func idx(dimensions: [Int], data: [UInt8], type: UInt8 = 0x08) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
        for size in dimensions {
            bytes += [UInt8(size >> 24 & 0xFF), UInt8(size >> 16 & 0xFF), UInt8(size >> 8 & 0xFF), UInt8(size & 0xFF)]
        }
        return bytes + data
    }

    /// Runs `body` and expects it to throw a ``DataError`` for `file` whose message contains
    /// every one of `keywords`. Returns the error for further checks.
    @discardableResult
    static func expectDataError(
        file: String, _ keywords: String...,
        sourceLocation: SourceLocation = #_sourceLocation,
        _ body: () throws -> Void
    ) -> DataError? {
        do {
            try body()
            Issue.record("expected a DataError mentioning \(keywords), nothing was thrown",
                         sourceLocation: sourceLocation)
            return nil
        } catch let error as DataError {
            #expect(error.file == file, "error \"\(error)\" should name \(file)",
                    sourceLocation: sourceLocation)
            #expect(error.description.hasPrefix(file + ": "), sourceLocation: sourceLocation)
            for keyword in keywords {
                #expect(error.description.contains(keyword),
                        "error \"\(error)\" should mention \"\(keyword)\"", sourceLocation: sourceLocation)
            }
            return error
        } catch {
            Issue.record("expected a DataError, got \(error)", sourceLocation: sourceLocation)
            return nil
        }
    }
}

/// Writes a bit stream the way DEFLATE packs it, to hand-craft (corrupt) streams in tests:
/// plain values least-significant bit first, Huffman codes most-significant bit first
/// (RFC 1951 section 3.1.1).
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var bitCount = 0

    /// Appends the low `count` bits of `value`, least significant first.
    mutating func write(_ value: Int, bits count: Int) {
        for bit in 0..<count { append(value >> bit & 1) }
    }

    /// Appends a Huffman code of `length` bits, most significant first.
    mutating func writeCode(_ code: Int, length: Int) {
        for bit in stride(from: length - 1, through: 0, by: -1) { append(code >> bit & 1) }
    }

    private mutating func append(_ bit: Int) {
        if bitCount % 8 == 0 { bytes.append(0) }
        bytes[bytes.count - 1] |= UInt8(bit) << (bitCount % 8)
        bitCount += 1
    }
}
