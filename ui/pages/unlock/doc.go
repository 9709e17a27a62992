// Package unlock is the first screen: unlocking the vault, or creating one.
package unlock
