// Package hypercare models hypercare, the heightened-support period right
// after a system goes live, as pure domain types and policies.
package hypercare
