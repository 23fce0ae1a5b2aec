/**
 * SHA-256 sums of the design documents each build ships, per git ref of apache/openwhisk, so the init
 * job installs exactly what that build carries: computed from upstream at each ref
 * (`git show <ref>:<path> | sha256sum`), never the files themselves. A sourceRef not listed here needs
 * openwhisk:release.designDocumentSums.
 */
import { deepFreeze } from "./deepFreeze";
export const DESIGN_DOCUMENT_SUMS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "febde00425f0624b132f48bcd90df3f0f21c8f36": {
    "ansible/files/auth_index.json": "e5c90d7fcb9a4ae69c2a193cd2a4e2400e098ae330465ba92dcb55c83c30cb14",
    "ansible/files/filter_design_document.json": "9d1ffbb83b17b2ad6aeecb565e707bd74c94fe39a0786cd46808818487d85c4d",
    "ansible/files/whisks_design_document_for_actions_db.json": "6d2265f0ad8fcc9be35709706de2319976b237782feccde01f0034138906b3b8",
    "ansible/files/whisks_design_document_for_activations_db.json": "51c6bb71b8dafb05d2413dc01d22330778b2826e2c5cbd93444fa59c046b82f2",
    "ansible/files/activations_design_document_for_activations_db.json": "c499e6ae09d682ac3138c9bfe82e1d1d89c8416e5e21254e328f44e6f9a75825",
    "ansible/files/logCleanup_design_document_for_activations_db.json": "9b00ed55f2056d85a549924343f22fd29d2935b49f0855f4db8df009e7debc33"
  },
  "1.0.0": {
    "ansible/files/auth_design_document_for_subjects_db_v2.0.0.json": "952a106f3912228eee14c9977e618cff14bb41a785517f0fd43c48b50b751021",
    "ansible/files/filter_design_document.json": "9d1ffbb83b17b2ad6aeecb565e707bd74c94fe39a0786cd46808818487d85c4d",
    "ansible/files/namespace_throttlings_design_document_for_subjects_db.json": "62a51460ac49090e457592c3961bce44e29b358fd8466a20b5f42ad13e0173bd",
    "ansible/files/whisks_design_document_for_entities_db_v2.1.0.json": "91e5915020ceb1524b3e89e669f5eb9df399dec589453b37abccf2b60ccd98a0",
    "ansible/files/whisks_design_document_for_activations_db_v2.1.0.json": "baec3bc343217a2995f457f3808a2eca15b72f3cc869133f4544f6a104c7ed43",
    "ansible/files/whisks_design_document_for_activations_db_filters_v2.1.1.json": "58a85e20bd3bffb3fcf01a83068dedb90aab0c25d7f55ee353796780b4d9a540",
    "ansible/files/activations_design_document_for_activations_db.json": "c499e6ae09d682ac3138c9bfe82e1d1d89c8416e5e21254e328f44e6f9a75825",
    "ansible/files/logCleanup_design_document_for_activations_db.json": "9b00ed55f2056d85a549924343f22fd29d2935b49f0855f4db8df009e7debc33"
  },
  "2.0.0": {
    "ansible/files/auth_design_document_for_subjects_db_v2.0.0.json": "952a106f3912228eee14c9977e618cff14bb41a785517f0fd43c48b50b751021",
    "ansible/files/filter_design_document.json": "9d1ffbb83b17b2ad6aeecb565e707bd74c94fe39a0786cd46808818487d85c4d",
    "ansible/files/namespace_throttlings_design_document_for_subjects_db.json": "62a51460ac49090e457592c3961bce44e29b358fd8466a20b5f42ad13e0173bd",
    "ansible/files/whisks_design_document_for_entities_db_v2.1.0.json": "91e5915020ceb1524b3e89e669f5eb9df399dec589453b37abccf2b60ccd98a0",
    "ansible/files/whisks_design_document_for_activations_db_v2.1.0.json": "baec3bc343217a2995f457f3808a2eca15b72f3cc869133f4544f6a104c7ed43",
    "ansible/files/whisks_design_document_for_activations_db_filters_v2.1.1.json": "58a85e20bd3bffb3fcf01a83068dedb90aab0c25d7f55ee353796780b4d9a540",
    "ansible/files/activations_design_document_for_activations_db.json": "c499e6ae09d682ac3138c9bfe82e1d1d89c8416e5e21254e328f44e6f9a75825",
    "ansible/files/logCleanup_design_document_for_activations_db.json": "9b00ed55f2056d85a549924343f22fd29d2935b49f0855f4db8df009e7debc33"
  },
  "1fae641a2b30bccb7ddc69d2d215866d899a8510": {
    "ansible/files/auth_design_document_for_subjects_db_v2.0.0.json": "952a106f3912228eee14c9977e618cff14bb41a785517f0fd43c48b50b751021",
    "ansible/files/filter_design_document.json": "9d1ffbb83b17b2ad6aeecb565e707bd74c94fe39a0786cd46808818487d85c4d",
    "ansible/files/namespace_throttlings_design_document_for_subjects_db.json": "62a51460ac49090e457592c3961bce44e29b358fd8466a20b5f42ad13e0173bd",
    "ansible/files/whisks_design_document_for_entities_db_v2.1.0.json": "4a35d25ddbc9e1bd68815f98ac574ad02653d6d99a86088f20ffdf7cd05c7853",
    "ansible/files/whisks_design_document_for_activations_db_v2.1.0.json": "baec3bc343217a2995f457f3808a2eca15b72f3cc869133f4544f6a104c7ed43",
    "ansible/files/whisks_design_document_for_activations_db_filters_v2.1.1.json": "58a85e20bd3bffb3fcf01a83068dedb90aab0c25d7f55ee353796780b4d9a540",
    "ansible/files/activations_design_document_for_activations_db.json": "c499e6ae09d682ac3138c9bfe82e1d1d89c8416e5e21254e328f44e6f9a75825",
    "ansible/files/logCleanup_design_document_for_activations_db.json": "9b00ed55f2056d85a549924343f22fd29d2935b49f0855f4db8df009e7debc33"
  }
};

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(DESIGN_DOCUMENT_SUMS);
