/* SPDX-License-Identifier: GPL-2.0 */
#ifndef MIPXFRM_VERSION_H
#define MIPXFRM_VERSION_H

#define MIPXFRM_TOOLS_VERSION "0.1.0"

#endif
